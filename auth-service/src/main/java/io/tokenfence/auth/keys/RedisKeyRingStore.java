package io.tokenfence.auth.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jsonwebtoken.security.Jwks;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.storage.RedisLayout;
import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing keys generated, shared and rotated through Redis, so every instance signs with keys every other instance
 * publishes.
 *
 * <p>Changes to the ring happen under a Redisson lock and are re-checked after taking it, so two instances starting
 * together create one key, not two. A successor key is created {@code publish-ahead} before it starts signing: it is in
 * every instance's JWKS (after at most one {@code reload-interval}) before any token carries its {@code kid}. A retired
 * key loses its private half and stays published until every token it signed has expired.
 */
public final class RedisKeyRingStore implements KeyRingSource {

    private static final Logger log = LoggerFactory.getLogger(RedisKeyRingStore.class);
    /** Clock skew allowed to verifiers; a retired key stays published this much longer than a token lives. */
    private static final Duration VERIFIER_SKEW = Duration.ofMinutes(1);

    private final RBucket<String> bucket;
    private final RLock lock;
    private final KeyRingCodec codec;
    private final AuthProperties properties;
    private final Clock clock;
    private volatile KeyRing cached = KeyRing.empty();

    public RedisKeyRingStore(RedissonClient redisson, RedisLayout layout, JsonMapper json, AuthProperties properties,
                             Clock clock) {
        this.bucket = redisson.getBucket(layout.keyRing(), StringCodec.INSTANCE);
        this.lock = redisson.getLock(layout.keyRingLock());
        this.codec = new KeyRingCodec(json, properties.keys().encryptionSecret());
        this.properties = properties;
        this.clock = clock;
        if (!codec.sealsKeys()) {
            log.warn("Signing keys are stored in Redis unsealed: set tokenfence.auth.keys.encryption-secret in "
                    + "production so a copy of Redis does not yield them");
        }
    }

    @Override
    public KeyRing current() {
        KeyRing ring = cached;
        if (ring.isEmpty()) {
            ring = rotateIfDue();
        }
        return ring;
    }

    /** Re-reads the ring and, when the newest key is due for a successor, creates one. Called on a schedule. */
    public KeyRing rotateIfDue() {
        Instant now = clock.instant();
        KeyRing ring = load();
        if (isDue(ring, now)) {
            ring = rotateUnderLock();
        }
        cached = ring;
        return ring;
    }

    /** Creates a successor key now, whatever the schedule says (operator action, tests). */
    public KeyRing rotateNow() {
        KeyRing ring = withLock(() -> store(successor(load(), clock.instant())));
        cached = ring;
        return ring;
    }

    private boolean isDue(KeyRing ring, Instant now) {
        return ring.newest()
                .map(newest -> !newest.activeFrom().plus(properties.keys().rotationInterval())
                        .minus(properties.keys().publishAhead()).isAfter(now))
                .orElse(true);
    }

    private KeyRing rotateUnderLock() {
        return withLock(() -> {
            KeyRing ring = load();
            Instant now = clock.instant();
            return isDue(ring, now) ? store(successor(ring, now)) : ring;
        });
    }

    private KeyRing successor(KeyRing ring, Instant now) {
        SigningAlgorithm algorithm = properties.accessToken().algorithm();
        var pair = algorithm.generate();
        // The first key signs at once: there is nothing to announce it ahead of.
        Instant activeFrom = ring.isEmpty() ? now.truncatedTo(ChronoUnit.SECONDS)
                : now.plus(properties.keys().publishAhead());
        String kid = Jwks.builder().key(pair.getPublic()).idFromThumbprint().build().getId();
        List<SigningKey> keys = new ArrayList<>();
        for (SigningKey key : ring.keys()) {
            SigningKey updated = key.retiredAt() == null ? key.retired(activeFrom) : key;
            // A key that no longer signs keeps only its public half.
            if (updated.retiredAt() != null && !updated.retiredAt().isAfter(now)) {
                updated = new SigningKey(updated.kid(), updated.algorithm(), updated.publicKey(), null,
                        updated.activeFrom(), updated.retiredAt());
            }
            keys.add(updated);
        }
        keys.add(new SigningKey(kid, algorithm, pair.getPublic(), pair.getPrivate(), activeFrom, null));
        KeyRing next = new KeyRing(keys).withoutExpired(now, properties.accessToken().ttl().plus(VERIFIER_SKEW));
        log.info("New {} signing key {} published, signs from {}", algorithm, kid, activeFrom);
        return next;
    }

    private KeyRing load() {
        String document = bucket.get();
        return document == null ? KeyRing.empty() : codec.decode(document);
    }

    private KeyRing store(KeyRing ring) {
        bucket.set(codec.encode(ring));
        return ring;
    }

    private KeyRing withLock(java.util.function.Supplier<KeyRing> action) {
        try {
            if (!lock.tryLock(10, 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Could not take the signing-key lock within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the signing-key lock", e);
        }
        try {
            return action.get();
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }
}
