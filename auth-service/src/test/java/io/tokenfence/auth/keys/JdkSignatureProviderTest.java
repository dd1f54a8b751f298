package io.tokenfence.auth.keys;

import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The default ({@code auto}) signs ES256 with Bouncy Castle on the Java 17 the test suite runs on, so every other test
 * covers that path; this one covers the JDK's provider.
 */
@TestPropertySource(properties = "tokenfence.auth.access-token.signature-provider=jdk")
class JdkSignatureProviderTest extends AuthServiceTestBase {

    @Test
    void tokensSignedByTheJdksProviderVerifyAgainstThePublishedKeys() {
        SignatureAlgorithms.assertSignedWith(api, "ES256", "EC");
    }
}
