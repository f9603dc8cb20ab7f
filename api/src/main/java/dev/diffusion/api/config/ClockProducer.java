package dev.diffusion.api.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The time source of every decision the api makes (heartbeat timeouts, retry delays, timestamps). */
@ApplicationScoped
public class ClockProducer {

    /** System UTC; tests replace it with a clock they can move. */
    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
