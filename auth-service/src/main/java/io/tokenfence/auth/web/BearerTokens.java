package io.tokenfence.auth.web;

import java.time.Clock;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.session.SessionStore;
import io.tokenfence.auth.token.AccessTokenVerifier;
import io.tokenfence.auth.token.InvalidAccessTokenException;
import io.tokenfence.auth.token.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * Authenticates the auth service's own bearer endpoints: the token must verify against our keys and its session must
 * still be live, so a revoked access token cannot list or manage sessions.
 */
final class BearerTokens {

    private static final String PREFIX = "Bearer ";

    private final AccessTokenVerifier verifier;
    private final SessionStore sessions;
    private final AuthProperties.Sessions policy;
    private final Clock clock;

    BearerTokens(AccessTokenVerifier verifier, SessionStore sessions, AuthProperties properties, Clock clock) {
        this.verifier = verifier;
        this.sessions = sessions;
        this.policy = properties.sessions();
        this.clock = clock;
    }

    /** The raw bearer token, or null when the request has none. */
    static String extract(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new AuthException(AuthError.INVALID_TOKEN, "Authorization must use the Bearer scheme");
        }
        return header.substring(PREFIX.length()).trim();
    }

    /** Verifies the signature and claims only (for logout, where the session may already be gone). */
    VerifiedAccessToken verifySignature(String token) {
        try {
            return verifier.verify(token);
        } catch (InvalidAccessTokenException e) {
            throw new AuthException(AuthError.INVALID_TOKEN, e.getMessage());
        }
    }

    /** Verifies the token and that its session is live. */
    VerifiedAccessToken authenticate(HttpServletRequest request) {
        String token = extract(request);
        if (token == null) {
            throw new AuthException(AuthError.UNAUTHORIZED, "A bearer access token is required");
        }
        VerifiedAccessToken verified = verifySignature(token);
        boolean live = sessions.find(verified.sid())
                .map(stored -> stored.session())
                .filter(session -> session.subject().equals(verified.subject()))
                .filter(session -> !session.isExpired(clock.instant(), policy.inactivityTimeout()))
                .isPresent();
        if (!live) {
            throw new AuthException(AuthError.INVALID_TOKEN, "The session of this token has ended");
        }
        return verified;
    }
}
