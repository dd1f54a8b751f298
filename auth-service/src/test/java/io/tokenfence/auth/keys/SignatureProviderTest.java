package io.tokenfence.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.Provider;
import java.util.Optional;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureProviderTest {

    @Test
    void autoSignsEs256WithBouncyCastleBeforeJava25AndWithTheJdkFrom25() {
        assertThat(name(SignatureProvider.AUTO.resolve(SigningAlgorithm.ES256, 17))).isEqualTo("BC");
        assertThat(name(SignatureProvider.AUTO.resolve(SigningAlgorithm.ES256, 24))).isEqualTo("BC");
        assertThat(SignatureProvider.AUTO.resolve(SigningAlgorithm.ES256, 25)).isEmpty();
        assertThat(SignatureProvider.AUTO.resolve(SigningAlgorithm.ES256, 26)).isEmpty();
    }

    @Test
    void autoSignsEdDsaWithBouncyCastleOnEveryJavaVersion() {
        assertThat(name(SignatureProvider.AUTO.resolve(SigningAlgorithm.EdDSA, 17))).isEqualTo("BC");
        assertThat(name(SignatureProvider.AUTO.resolve(SigningAlgorithm.EdDSA, 25))).isEqualTo("BC");
    }

    @Test
    void autoLeavesRsaToTheJdkWhoseBigIntegerArithmeticIsIntrinsic() {
        assertThat(SignatureProvider.AUTO.resolve(SigningAlgorithm.RS256, 17)).isEmpty();
        assertThat(SignatureProvider.AUTO.resolve(SigningAlgorithm.RS256, 25)).isEmpty();
    }

    @Test
    void explicitChoicesHoldOnEveryJavaVersion() {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            for (int java : new int[] {17, 21, 25}) {
                assertThat(SignatureProvider.JDK.resolve(algorithm, java)).isEmpty();
                assertThat(name(SignatureProvider.BOUNCY_CASTLE.resolve(algorithm, java))).isEqualTo("BC");
            }
        }
    }

    /** A verifier (a resource server, Spring Security, any JOSE library) cannot tell which provider signed. */
    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void tokensSignedByBouncyCastleVerifyWithTheJdkAndTheOtherWayRound(SigningAlgorithm algorithm) {
        KeyPair keys = algorithm.generate();
        Provider bouncyCastle = SignatureProvider.BOUNCY_CASTLE.resolve(algorithm, 17).orElseThrow();

        String byBouncyCastle = sign(Jwts.builder().provider(bouncyCastle), keys, algorithm);
        String byJdk = sign(Jwts.builder(), keys, algorithm);

        assertThat(Jwts.parser().verifyWith(keys.getPublic()).build().parseSignedClaims(byBouncyCastle)
                .getPayload().getSubject()).isEqualTo("alice");
        assertThat(Jwts.parser().provider(bouncyCastle).verifyWith(keys.getPublic()).build()
                .parseSignedClaims(byJdk).getPayload().getSubject()).isEqualTo("alice");
    }

    private static String sign(JwtBuilder builder, KeyPair keys, SigningAlgorithm algorithm) {
        return builder.subject("alice").claim("sid", "s1").signWith(keys.getPrivate(), algorithm.jjwt()).compact();
    }

    private static String name(Optional<Provider> provider) {
        return provider.map(Provider::getName).orElse("JDK");
    }
}
