package io.tokenfence.auth.storage;

import org.redisson.api.RedissonClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Readiness depends on Redis: without it no login, refresh or logout can be decided. */
@Component("redis")
class RedisHealthIndicator implements HealthIndicator {

    private final RedissonClient redisson;

    RedisHealthIndicator(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Override
    public Health health() {
        try {
            long start = System.nanoTime();
            redisson.getBucket("tokenfence:health").isExists();
            return Health.up().withDetail("roundTripMicros", (System.nanoTime() - start) / 1000).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
