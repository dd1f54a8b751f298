package io.tokenfence.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Provider;

import io.tokenfence.auth.testing.AuthServiceTestBase;
import io.tokenfence.auth.token.AccessTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code signature-provider=bouncy-castle}: Bouncy Castle signs every algorithm, on any Java version (the default,
 * {@code auto}, would leave ES256 to the JDK on Java 25).
 */
@TestPropertySource(properties = "tokenfence.auth.access-token.signature-provider=bouncy-castle")
class BouncyCastleSignatureProviderTest extends AuthServiceTestBase {

    @Autowired
    AccessTokenIssuer issuer;

    @Test
    void bouncyCastleSignsTokensThatVerifyAgainstThePublishedKeys() {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            assertThat(issuer.signatureProvider(algorithm)).map(Provider::getName).contains("BC");
        }

        SignatureAlgorithms.assertSignedWith(api, "ES256", "EC");
    }
}
