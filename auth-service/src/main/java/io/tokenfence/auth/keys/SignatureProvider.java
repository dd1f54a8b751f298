package io.tokenfence.auth.keys;

import java.security.Provider;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Which cryptographic provider computes access-token signatures. Signing is the largest single cost of a login or a
 * refresh, and which implementation is fastest depends on the algorithm and the Java version (JMH, BENCHMARKS.md):
 * <ul>
 * <li>ES256: Bouncy Castle signs twice as fast as Java 17's provider; from Java 25 on the JDK's P-256 arithmetic, with
 * its x86_64 Montgomery intrinsics, is faster than Bouncy Castle.</li>
 * <li>EdDSA (Ed25519): Bouncy Castle signs about 9x faster than the JDK on 17 and on 25.</li>
 * <li>RS256: the same on both; the JDK's big-integer arithmetic is intrinsic.</li>
 * </ul>
 * Either produces the same standard signature; verifiers cannot tell them apart.
 */
public enum SignatureProvider {

    /** Bouncy Castle for EdDSA, and for ES256 on Java versions before 25; the JDK otherwise. */
    AUTO,
    /** The JDK's own providers. */
    JDK,
    /** Bouncy Castle, for every algorithm. */
    BOUNCY_CASTLE;

    /** The first Java version on which {@link #AUTO} leaves ES256 to the JDK. */
    static final int JDK_SIGNS_ES256_FASTER_FROM_JAVA = 25;

    /** The provider to sign {@code algorithm} with on Java {@code javaVersion}; empty means the JDK's. */
    public Optional<Provider> resolve(SigningAlgorithm algorithm, int javaVersion) {
        boolean bouncyCastle = switch (this) {
            case JDK -> false;
            case BOUNCY_CASTLE -> true;
            case AUTO -> switch (algorithm) {
                case EdDSA -> true;
                case ES256 -> javaVersion < JDK_SIGNS_ES256_FASTER_FROM_JAVA;
                case RS256 -> false;
            };
        };
        return bouncyCastle ? Optional.of(BouncyCastle.PROVIDER) : Optional.empty();
    }

    /** Created on first use: building the provider takes a noticeable fraction of a second. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
