package io.tokenfence.auth.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenfence.auth.token.TokenPair;

/** The JSON answer of login and refresh (RFC 6749 section 5.1 names, plus the session id). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("refresh_expires_in") long refreshExpiresIn,
        @JsonProperty("session_id") String sessionId) {

    static TokenResponse of(TokenPair pair, boolean includeRefreshToken) {
        return new TokenResponse(pair.accessToken(), "Bearer", pair.expiresIn(),
                includeRefreshToken ? pair.refreshToken() : null, pair.refreshExpiresIn(), pair.sessionId());
    }
}
