package io.tokenfence.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenfence.auth.testing.AuthServiceTestBase;
import io.tokenfence.auth.token.AccessTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** {@code signature-provider=jdk}: the JDK's provider signs every algorithm, whatever the Java version. */
@TestPropertySource(properties = "tokenfence.auth.access-token.signature-provider=jdk")
class JdkSignatureProviderTest extends AuthServiceTestBase {

    @Autowired
    AccessTokenIssuer issuer;

    @Test
    void theJdksProviderSignsTokensThatVerifyAgainstThePublishedKeys() {
        assertThat(issuer.signatureProvider(SigningAlgorithm.ES256)).isEmpty();
        assertThat(issuer.signatureProvider(SigningAlgorithm.EdDSA)).isEmpty();

        SignatureAlgorithms.assertSignedWith(api, "ES256", "EC");
    }
}
