package dev.diffusion.api.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffusion.api.problem.InvalidRequestException;
import dev.diffusion.common.spec.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void a_cursor_round_trips_through_its_opaque_url_safe_form() {
        PageCursor cursor = new PageCursor(Instant.parse("2026-11-23T10:15:30.123456Z"), UUID.randomUUID());

        String opaque = cursor.encode();

        assertThat(opaque).matches("[A-Za-z0-9_-]+");
        assertThat(PageCursor.decode(opaque)).isEqualTo(cursor);
        assertThat(PageRequest.parse(null, opaque, 20, 100).cursor()).contains(cursor);
    }

    @Test
    void limits_default_and_are_bounded() {
        assertThat(PageRequest.parse(null, null, 20, 100).limit()).isEqualTo(20);
        assertThat(PageRequest.parse("100", "", 20, 100).limit()).isEqualTo(100);
        assertThat(fields(() -> PageRequest.parse("101", null, 20, 100))).containsExactly("limit");
        assertThat(fields(() -> PageRequest.parse("x", "garbage!", 20, 100))).containsExactly("limit", "cursor");
    }

    @Test
    void a_page_cut_from_one_extra_row_knows_whether_more_follow() {
        List<Integer> fetched = List.of(5, 4, 3);
        Page<String> page = Page.of(fetched, 2, i -> new PageCursor(Instant.ofEpochSecond(i), new UUID(0, i)), String::valueOf);

        assertThat(page.items()).containsExactly("5", "4");
        assertThat(PageCursor.decode(page.nextCursor()).createdAt()).isEqualTo(Instant.ofEpochSecond(4));
        assertThat(Page.of(List.of(1), 2, i -> null, String::valueOf).nextCursor()).isNull();
    }

    private static List<String> fields(Runnable parse) {
        try {
            parse.run();
        } catch (InvalidRequestException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("no InvalidRequestException");
    }

    @Test
    void a_cursor_not_issued_by_the_api_is_rejected() {
        assertThatThrownBy(() -> PageCursor.decode("djF8MXwy")).isInstanceOf(IllegalArgumentException.class);
    }
}
