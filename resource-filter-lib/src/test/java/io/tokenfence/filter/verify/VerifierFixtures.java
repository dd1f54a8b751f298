package io.tokenfence.filter.verify;

import java.net.URI;

import io.jsonwebtoken.JwtBuilder;

/** Public face of {@link TestIssuer} for tests in other packages. */
public final class VerifierFixtures implements AutoCloseable {

    public static final String ISSUER = TestIssuer.ISSUER;
    public static final String AUDIENCE = TestIssuer.AUDIENCE;

    private final TestIssuer issuer;

    private VerifierFixtures(TestIssuer issuer) {
        this.issuer = issuer;
    }

    public static VerifierFixtures start() throws Exception {
        return new VerifierFixtures(new TestIssuer());
    }

    public URI jwksUri() {
        return issuer.jwksUri();
    }

    public String validToken() {
        return issuer.token().compact();
    }

    public JwtBuilder token() {
        return issuer.token();
    }

    @Override
    public void close() {
        issuer.close();
    }
}
