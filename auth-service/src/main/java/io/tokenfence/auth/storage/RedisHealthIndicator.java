package io.tokenfence.auth.storage;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.redisson.api.RedissonClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness depends on Redis: without it no login, refresh or logout can be decided.
 *
 * <p>The round trip is bounded by {@link #PROBE_TIMEOUT}: with Redis unreachable a plain Redisson call blocks for the
 * client's timeout times its retries (seconds), longer than a readiness probe waits, so the probe would see no answer
 * instead of DOWN.
 */
@Component("redis")
class RedisHealthIndicator implements HealthIndicator {

    /** Far above a healthy round trip even on a loaded host, well under a probe's timeout. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final RedissonClient redisson;

    RedisHealthIndicator(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            redisson.getBucket("tokenfence:health").isExistsAsync().toCompletableFuture()
                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().withDetail("roundTripMicros", (System.nanoTime() - start) / 1000).build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "no answer within " + PROBE_TIMEOUT.toMillis() + " ms").build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("error", e.getCause().getClass().getSimpleName()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
