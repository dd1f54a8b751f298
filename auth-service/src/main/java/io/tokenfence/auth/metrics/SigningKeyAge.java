package io.tokenfence.auth.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.tokenfence.auth.keys.KeyRingSource;

/**
 * {@code tokenfence.keys.signing.age}: how long the key that signs right now has been signing (its {@code activeFrom}
 * to now), in seconds. It falls back to about {@code publish-ahead} after each rotation; a value above
 * {@code tokenfence.auth.keys.rotation-interval} means rotation has stopped.
 *
 * <p>Only registered for keys rotated through Redis: a static PEM key has no start time worth reporting.
 */
public final class SigningKeyAge {

    public static final String METER = "tokenfence.keys.signing.age";

    private final KeyRingSource keys;
    private final Clock clock;

    public SigningKeyAge(KeyRingSource keys, Clock clock, MeterRegistry registry) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        TimeGauge.builder(METER, this, TimeUnit.SECONDS, SigningKeyAge::seconds)
                .description("Time since the signing key in use started signing")
                .register(Objects.requireNonNull(registry, "registry"));
    }

    /** The age in seconds, or NaN (a gap in the graph, not a false zero) while no key can be read. */
    double seconds() {
        try {
            var now = clock.instant();
            return Duration.between(keys.current().signingKey(now).activeFrom(), now).toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
