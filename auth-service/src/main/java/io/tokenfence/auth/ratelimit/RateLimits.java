package io.tokenfence.auth.ratelimit;

import java.time.Duration;
import java.util.function.Function;

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

    /** Throws {@link AuthError#RATE_LIMITED} when the session has used up its refreshes; otherwise spends one. */
    public void checkRefresh(String sid) {
        if (config.enabled()) {
            acquire(layout.refreshPerSessionLimiter(sid), config.refreshPerSession());
        }
    }

    /**
     * Throws {@link AuthError#RATE_LIMITED} when the session has used up its refreshes, without spending one. For a
     * rotation attempted without the session lock: of several concurrent attempts only one rotates and the others end
     * as grace replays, so the permit is spent by {@link #chargeRefresh} once the rotation has won.
     */
    public void checkRefreshAvailable(String sid) {
        if (config.enabled()) {
            String name = layout.refreshPerSessionLimiter(sid);
            if (withLimiter(name, config.refreshPerSession(), RRateLimiter::availablePermits) <= 0) {
                throw limited(config.refreshPerSession());
            }
        }
    }

    /** Spends one of the session's refreshes for a rotation that has happened; it cannot be refused any more. */
    public void chargeRefresh(String sid) {
        if (config.enabled()) {
            withLimiter(layout.refreshPerSessionLimiter(sid), config.refreshPerSession(), RRateLimiter::tryAcquire);
        }
    }

    private void acquire(String name, AuthProperties.Rate rate) {
        if (!withLimiter(name, rate, RRateLimiter::tryAcquire)) {
            throw limited(rate);
        }
    }

    private <T> T withLimiter(String name, AuthProperties.Rate rate, Function<RRateLimiter, T> operation) {
        RRateLimiter limiter = redisson.getRateLimiter(name);
        try {
            return operation.apply(limiter);
        } catch (RedisException e) {
            if (!String.valueOf(e.getMessage()).contains("RateLimiter is not initialized")) {
                throw e;
            }
            // First use (or expired after keep-alive): one extra round trip, then the normal path.
            limiter.trySetRate(RateType.OVERALL, rate.permits(), rate.interval(), rate.interval().multipliedBy(2));
            return operation.apply(limiter);
        }
    }

    private static AuthException limited(AuthProperties.Rate rate) {
        Duration perPermit = rate.interval().dividedBy(rate.permits());
        return new AuthException(AuthError.RATE_LIMITED, "Too many attempts; retry later",
                perPermit.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : perPermit);
    }
}
