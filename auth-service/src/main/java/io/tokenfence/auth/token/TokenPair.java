package io.tokenfence.auth.token;

/**
 * What login and refresh answer.
 *
 * @param accessToken the signed JWT
 * @param expiresIn seconds the access token lives
 * @param refreshToken the opaque refresh token
 * @param refreshExpiresIn seconds until the session ends unless refreshed (the earlier of the absolute end and the
 *                         inactivity timeout)
 * @param sessionId the session
 */
public record TokenPair(String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn,
                        String sessionId) {

    @Override
    public String toString() {
        return "TokenPair[sessionId=" + sessionId + "]"; // never the tokens
    }
}
