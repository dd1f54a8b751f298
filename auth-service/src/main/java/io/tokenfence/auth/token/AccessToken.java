package io.tokenfence.auth.token;

import java.time.Instant;

/**
 * A signed access token and the facts about it the service needs without parsing it again.
 *
 * @param value the compact JWS
 * @param jti its unique id
 * @param issuedAt its {@code iat}
 * @param expiresAt its {@code exp}
 */
public record AccessToken(String value, String jti, Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "AccessToken[jti=" + jti + ", expiresAt=" + expiresAt + "]"; // never the token itself
    }
}
