package dev.diffusion.api.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a newest-first listing.
 *
 * @param items      the items, newest first
 * @param nextCursor pass as {@code cursor} to get the next page; absent on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

    /** Cuts a result fetched with {@code limit + 1} rows down to {@code limit} and sets the cursor. */
    public static <E, T> Page<T> of(List<E> fetched, int limit, Function<E, PageCursor> position,
                                    Function<E, T> mapper) {
        boolean more = fetched.size() > limit;
        List<E> page = more ? fetched.subList(0, limit) : fetched;
        String next = more ? position.apply(page.get(page.size() - 1)).encode() : null;
        return new Page<>(page.stream().map(mapper).toList(), next);
    }
}
