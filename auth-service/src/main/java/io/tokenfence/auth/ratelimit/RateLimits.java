package io.tokenfence.auth.ratelimit;

import java.time.Duration;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.storage.RedisLayout;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;

/**
 * Login and refresh limits shared by every instance, through Redisson {@link RRateLimiter}s. A limiter's state expires
 * (keep-alive) when unused, so per-user and per-address limiters do not pile up in Redis.
 */
public final class RateLimits {

    private final RedissonClient redisson;
    private final RedisLayout layout;
    private final AuthProperties.RateLimits config;

    public RateLimits(RedissonClient redisson, RedisLayout layout, AuthProperties properties) {
        this.redisson = redisson;
        this.layout = layout;
        this.config = properties.rateLimits();
    }

    /** Throws {@link AuthError#RATE_LIMITED} when the username or the client address has used up its logins. */
    public void checkLogin(String username, String clientIp) {
        if (!config.enabled()) {
            return;
        }
        acquire(layout.loginPerUsernameLimiter(username), config.loginPerUsername());
        acquire(layout.loginPerIpLimiter(clientIp), config.loginPerIp());
    }

    /** Throws {@link AuthError#RATE_LIMITED} when the session has used up its refreshes. */
    public void checkRefresh(String sid) {
        if (config.enabled()) {
            acquire(layout.refreshPerSessionLimiter(sid), config.refreshPerSession());
        }
    }

    private void acquire(String name, AuthProperties.Rate rate) {
        RRateLimiter limiter = redisson.getRateLimiter(name);
        boolean acquired;
        try {
            acquired = limiter.tryAcquire();
        } catch (RedisException e) {
            if (!String.valueOf(e.getMessage()).contains("RateLimiter is not initialized")) {
                throw e;
            }
            // First use (or expired after keep-alive): one extra round trip, then the normal path.
            limiter.trySetRate(RateType.OVERALL, rate.permits(), rate.interval(), rate.interval().multipliedBy(2));
            acquired = limiter.tryAcquire();
        }
        if (!acquired) {
            Duration perPermit = rate.interval().dividedBy(rate.permits());
            throw new AuthException(AuthError.RATE_LIMITED, "Too many attempts; retry later",
                    perPermit.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : perPermit);
        }
    }
}
