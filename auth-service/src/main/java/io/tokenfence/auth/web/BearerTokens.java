package io.tokenfence.auth.web;

import java.time.Clock;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.session.SessionStore;
import io.tokenfence.auth.token.VerifiedAccessToken;
import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.verify.TokenRejectedException;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.verify.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * Authenticates the auth service's own bearer endpoints the way every resource server does, through the resource
 * filter library: its verifier (signature against our key ring, algorithm allow-list, iss, aud, exp, nbf) and its
 * blacklist fed by the revocation topic. On top, because this service owns the sessions, the token's session must
 * still be live in Redis: that check is synchronous, so a token of a session revoked a millisecond ago cannot list or
 * manage sessions here even before the event has come back from Kafka.
 */
final class BearerTokens {

    private static final String PREFIX = "Bearer ";

    private final TokenVerifier verifier;
    private final Blacklist blacklist;
    private final SessionStore sessions;
    private final AuthProperties.Sessions policy;
    private final Clock clock;

    BearerTokens(TokenVerifier verifier, Blacklist blacklist, SessionStore sessions, AuthProperties properties,
                 Clock clock) {
        this.verifier = verifier;
        this.blacklist = blacklist;
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
        return toAccessToken(verify(token));
    }

    private VerifiedToken verify(String token) {
        try {
            VerifiedToken verified = verifier.verify(token);
            if (verified.sid() == null) {
                throw new AuthException(AuthError.INVALID_TOKEN, "The token has no session");
            }
            return verified;
        } catch (TokenRejectedException e) {
            throw new AuthException(AuthError.INVALID_TOKEN, e.getMessage());
        }
    }

    private static VerifiedAccessToken toAccessToken(VerifiedToken token) {
        return new VerifiedAccessToken(token.sub(), token.sid(), token.jti(), token.iat(), token.exp(), token.roles());
    }

    /** Verifies the token and that its session is live. */
    VerifiedAccessToken authenticate(HttpServletRequest request) {
        String raw = extract(request);
        if (raw == null) {
            throw new AuthException(AuthError.UNAUTHORIZED, "A bearer access token is required");
        }
        VerifiedToken token = verify(raw);
        if (blacklist.isRevoked(token)) {
            throw new AuthException(AuthError.INVALID_TOKEN, "The token has been revoked");
        }
        VerifiedAccessToken verified = toAccessToken(token);
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
