package io.tokenfence.filter.blacklist;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.verify.VerifiedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Blacklist} in three Caffeine caches: {@code sid → not_before}, {@code sub → not_before} and the set of
 * revoked {@code jti}s. Each entry expires at its event's {@code expires_at} (read through an injectable
 * {@link Ticker}), after which no token it targets can still be valid.
 *
 * <p>Memory: an entry is the key string, a boxed {@code long} of epoch millis (a shared {@code Boolean} for jtis) and
 * Caffeine's node, about 200 bytes for auth-service's 38-character session ids (see BENCHMARKS.md). Revocations of
 * one second share one boxed {@code not_before} (auth-service rounds it to whole seconds): a million live entries
 * means thousands of revocations per second, so at that size nearly every entry shares its value.
 *
 * <p>{@code maximumSize} bounds each index; when it bites, Caffeine drops entries (by its size policy, not strictly
 * the oldest), {@code tokenfence.filter.blacklist.evictions} counts them and one WARN is logged, because an evicted
 * revocation lets a revoked token through again.
 *
 * <p>Writes are serialised (they come from the single consumer thread anyway); reads are lock-free.
 */
public final class CaffeineBlacklist implements Blacklist {

    private static final Logger log = LoggerFactory.getLogger(CaffeineBlacklist.class);

    private final Clock clock;
    private final long maximumSize;
    private final Cache<String, Long> sessions;
    private final Cache<String, Long> users;
    private final Cache<String, Boolean> tokens;
    private final Counter evictions;
    private final AtomicBoolean boundWarned = new AtomicBoolean();
    /** The last not_before boxed, reused by the next revocations of the same instant; guarded by {@code this}. */
    private Long lastNotBefore;

    public CaffeineBlacklist(Clock clock, Ticker ticker, long maximumSize, MeterRegistry registry) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(registry, "registry");
        if (maximumSize <= 0) {
            throw new IllegalArgumentException("maximumSize must be positive but was " + maximumSize);
        }
        this.maximumSize = maximumSize;
        this.evictions = Counter.builder("tokenfence.filter.blacklist.evictions")
                .description("Blacklist entries dropped before their expiry because the size bound was reached")
                .tag("cause", "size")
                .register(registry);
        this.sessions = newIndex(ticker);
        this.users = newIndex(ticker);
        this.tokens = newIndex(ticker);
        Gauge.builder("tokenfence.filter.blacklist.size", this, CaffeineBlacklist::size)
                .description("Entries in the revocation blacklist (sessions, users and tokens)")
                .register(registry);
    }

    private <V> Cache<String, V> newIndex(Ticker ticker) {
        return Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(maximumSize)
                // Every write passes its own duration (policy().expireVariably()); this only has to exist.
                .expireAfter(Expiry.<String, V>writing((key, value) -> Duration.ZERO))
                // Maintenance (expiry, eviction) runs on the writing thread: no ForkJoinPool work, deterministic tests.
                .executor(Runnable::run)
                .evictionListener(this::onEviction)
                .build();
    }

    private void onEviction(Object key, Object value, RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            evictions.increment();
            if (boundWarned.compareAndSet(false, true)) {
                log.warn("Revocation blacklist reached its bound of {} entries per index: revocations are dropped "
                        + "before they expire, so some revoked tokens are accepted again. Raise "
                        + "tokenfence.filter.blacklist-maximum-size or shorten access-token lifetimes.", maximumSize);
            }
        }
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        if (token.jti() != null && tokens.getIfPresent(token.jti()) != null) {
            return true;
        }
        long issuedAt = token.iat().toEpochMilli();
        if (token.sid() != null && issuedBefore(sessions.getIfPresent(token.sid()), issuedAt)) {
            return true;
        }
        return issuedBefore(users.getIfPresent(token.sub()), issuedAt);
    }

    private static boolean issuedBefore(Long notBefore, long issuedAt) {
        return notBefore != null && issuedAt < notBefore;
    }

    @Override
    public synchronized boolean apply(RevocationEvent event) {
        long ttlMillis = event.expiresAt().toEpochMilli() - clock.millis();
        if (ttlMillis <= 0) {
            return false;
        }
        Long notBefore = boxed(event.notBefore().toEpochMilli());
        switch (event.kind()) {
            case SESSION -> raise(sessions, event.sid(), notBefore, ttlMillis);
            case USER -> raise(users, event.sub(), notBefore, ttlMillis);
            case TOKEN -> extend(tokens, event.jti(), Boolean.TRUE, ttlMillis);
        }
        return true;
    }

    private Long boxed(long notBefore) {
        if (lastNotBefore == null || lastNotBefore != notBefore) {
            lastNotBefore = notBefore;
        }
        return lastNotBefore;
    }

    /** Keeps the later not_before of the old and new entries, so duplicates and reordering change nothing. */
    private static void raise(Cache<String, Long> index, String key, Long notBefore, long ttlMillis) {
        Long existing = index.getIfPresent(key);
        Long value = existing != null && existing > notBefore ? existing : notBefore;
        extend(index, key, value, ttlMillis);
    }

    /** Keeps the later expiry of the old and new entries. */
    private static <V> void extend(Cache<String, V> index, String key, V value, long ttlMillis) {
        Policy.VarExpiration<String, V> expiration = index.policy().expireVariably().orElseThrow();
        long remaining = expiration.getExpiresAfter(key, TimeUnit.MILLISECONDS).orElse(0L);
        expiration.put(key, value, Math.max(remaining, ttlMillis), TimeUnit.MILLISECONDS);
    }

    @Override
    public long size() {
        return sessions.estimatedSize() + users.estimatedSize() + tokens.estimatedSize();
    }

    /** Runs pending expiry and eviction now; for tests that advance a fake ticker. */
    public void cleanUp() {
        sessions.cleanUp();
        users.cleanUp();
        tokens.cleanUp();
    }
}
