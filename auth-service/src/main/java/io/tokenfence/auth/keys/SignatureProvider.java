package io.tokenfence.auth.keys;

import java.security.Provider;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Which cryptographic provider computes access-token signatures. Signing is the largest single cost of a login or a
 * refresh, and which implementation is fastest depends on the algorithm and the Java version (JMH, BENCHMARKS.md):
 * <ul>
 * <li>ES256: Bouncy Castle signs twice as fast as Java 17's provider; Java 25's P-256 arithmetic, with the x86_64
 * Montgomery intrinsics JDK 23 and later have, is faster than Bouncy Castle. Only 17 and 25 were measured; versions in
 * between get Bouncy Castle, since the intrinsics need recent x86_64 CPUs even where the JDK has them.</li>
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

    /** Whether Bouncy Castle signs {@code algorithm} on Java {@code javaVersion}; the JDK's provider does otherwise. */
    public boolean signsWithBouncyCastle(SigningAlgorithm algorithm, int javaVersion) {
        return switch (this) {
            case JDK -> false;
            case BOUNCY_CASTLE -> true;
            case AUTO -> switch (algorithm) {
                case EdDSA -> true;
                case ES256 -> javaVersion < JDK_SIGNS_ES256_FASTER_FROM_JAVA;
                case RS256 -> false;
            };
        };
    }

    /** The provider to sign {@code algorithm} with on Java {@code javaVersion}; empty means the JDK's. */
    public Optional<Provider> resolve(SigningAlgorithm algorithm, int javaVersion) {
        return signsWithBouncyCastle(algorithm, javaVersion) ? Optional.of(BouncyCastle.PROVIDER) : Optional.empty();
    }

    /**
     * Built once, on the first signature that needs it (a third of a second: a JVM that never signs with Bouncy
     * Castle should not pay it).
     */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
