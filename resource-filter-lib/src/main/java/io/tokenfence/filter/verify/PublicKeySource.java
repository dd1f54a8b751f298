package io.tokenfence.filter.verify;

import java.security.PublicKey;

/**
 * Where the verifier finds the issuer's public keys. Resource servers read them from the issuer's JWKS
 * ({@link JwksKeySource}); the issuer itself can answer from the key ring it signs with, without a round trip to its
 * own JWKS endpoint.
 */
@FunctionalInterface
public interface PublicKeySource {

    /** A published key with the algorithm it may be used with ({@code null} when the publisher did not say). */
    record PublishedKey(String kid, String algorithm, PublicKey key) {
    }

    /** The key published under {@code kid}, or {@code null} when there is none. */
    PublishedKey find(String kid);
}
