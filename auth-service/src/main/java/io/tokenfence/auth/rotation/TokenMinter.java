package io.tokenfence.auth.rotation;

import java.time.Duration;
import java.time.Instant;

import io.tokenfence.auth.session.Session;
import io.tokenfence.auth.token.AccessToken;
import io.tokenfence.auth.token.AccessTokenIssuer;
import io.tokenfence.auth.token.TokenPair;

/** Makes the token pair a session answers with: a signed access token and a new refresh token. */
public final class TokenMinter {

    private final AccessTokenIssuer issuer;
    private final Duration inactivityTimeout;

    public TokenMinter(AccessTokenIssuer issuer, Duration inactivityTimeout) {
        this.issuer = issuer;
        this.inactivityTimeout = inactivityTimeout;
    }

    /** A pair for {@code session} as it will be once its refresh token is {@code refreshToken}. */
    public TokenPair mint(Session session, RefreshToken refreshToken, Instant now) {
        AccessToken access = issuer.issue(session.subject(), session.sid(), session.roles());
        Instant sessionEnd = now.plus(inactivityTimeout).isBefore(session.expiresAt())
                ? now.plus(inactivityTimeout) : session.expiresAt();
        return new TokenPair(access.value(), issuer.ttl().toSeconds(), refreshToken.value(),
                Math.max(0, Duration.between(now, sessionEnd).toSeconds()), session.sid());
    }
}
