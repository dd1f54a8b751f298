package io.tokenfence.auth.keys;

import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "tokenfence.auth.access-token.algorithm=RS256")
class Rs256SigningTest extends AuthServiceTestBase {

    @Test
    void tokensAreSignedWithRs256AndPublishedAsRsaKeys() {
        SignatureAlgorithms.assertSignedWith(api, "RS256", "RSA");
    }
}
