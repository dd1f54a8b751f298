package io.tokenfence.auth.keys;

import java.util.Objects;

import io.tokenfence.filter.verify.PublicKeySource;

/**
 * The public half of the key ring this service signs with, for verifying its own access tokens with the resource
 * filter library's verifier: the same keys the JWKS publishes, without an HTTP round trip to itself.
 */
public final class KeyRingPublicKeys implements PublicKeySource {

    private final KeyRingSource keys;

    public KeyRingPublicKeys(KeyRingSource keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public PublishedKey find(String kid) {
        return keys.current().find(kid)
                .map(key -> new PublishedKey(key.kid(), key.algorithm().joseName(), key.publicKey()))
                .orElse(null);
    }
}
