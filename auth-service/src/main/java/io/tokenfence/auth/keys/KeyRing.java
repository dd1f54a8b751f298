package io.tokenfence.auth.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of the signing keys, oldest first.
 *
 * <p>The newest key whose {@code activeFrom} has passed signs. Every key is published from creation (so resource
 * servers learn it before it signs) until every token it signed has expired.
 */
public record KeyRing(List<SigningKey> keys) {

    public KeyRing {
        keys = keys.stream().sorted(Comparator.comparing(SigningKey::activeFrom)).toList();
    }

    public static KeyRing empty() {
        return new KeyRing(List.of());
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key that signs at {@code now}. */
    public SigningKey signingKey(Instant now) {
        SigningKey chosen = null;
        for (SigningKey key : keys) {
            if (!key.activeFrom().isAfter(now) && key.privateKey() != null) {
                chosen = key;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("No signing key is active at " + now);
        }
        return chosen;
    }

    public Optional<SigningKey> find(String kid) {
        return keys.stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    /** The newest key (possibly not yet active). */
    public Optional<SigningKey> newest() {
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
    }

    /**
     * Keys still needed by verifiers at {@code now}: all but those retired longer ago than a token can live.
     */
    public KeyRing withoutExpired(Instant now, Duration tokenLifetime) {
        return new KeyRing(keys.stream()
                .filter(key -> key.retiredAt() == null || key.retiredAt().plus(tokenLifetime).isAfter(now))
                .toList());
    }
}
