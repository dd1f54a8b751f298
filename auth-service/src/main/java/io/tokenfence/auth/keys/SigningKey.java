package io.tokenfence.auth.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One signing key of the ring.
 *
 * @param kid the JWS {@code kid}
 * @param algorithm what it signs with
 * @param publicKey published in the JWKS
 * @param privateKey signs access tokens; never leaves the auth service unsealed
 * @param activeFrom it signs from this instant (it is published earlier, see {@code publish-ahead})
 * @param retiredAt it stopped signing at this instant, or {@code null} while it is the newest key
 */
public record SigningKey(String kid, SigningAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey,
                         Instant activeFrom, Instant retiredAt) {

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(activeFrom, "activeFrom");
    }

    public SigningKey retired(Instant at) {
        return new SigningKey(kid, algorithm, publicKey, privateKey, activeFrom, at);
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alg=" + algorithm + ", activeFrom=" + activeFrom + ", retiredAt=" + retiredAt
                + "]";
    }
}
