package io.tokenfence.auth.keys;

import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "tokenfence.auth.access-token.algorithm=EdDSA")
class EdDsaSigningTest extends AuthServiceTestBase {

    @Test
    void tokensAreSignedWithEdDsaAndPublishedAsOkpKeys() {
        SignatureAlgorithms.assertSignedWith(api, "EdDSA", "OKP");
    }
}
