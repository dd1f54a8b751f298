package io.tokenfence.auth.web;

import java.util.Arrays;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.token.TokenPair;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import tools.jackson.databind.JsonNode;

/**
 * Where the refresh token travels: the JSON body, or (when enabled) an HttpOnly cookie scoped to {@code /auth}. A
 * token taken from the cookie is accepted only with the CSRF header, which a cross-site form cannot send.
 */
final class RefreshTokenTransport {

    private final AuthProperties.RefreshCookie cookie;

    RefreshTokenTransport(AuthProperties properties) {
        this.cookie = properties.refreshCookie();
    }

    boolean tokenInBody() {
        return !cookie.enabled();
    }

    /** The presented refresh token: the body's {@code refresh_token}, else the cookie; null when neither. */
    String read(JsonNode body, HttpServletRequest request) {
        String fromBody = JsonBodies.optionalText(body, "refresh_token");
        if (fromBody != null) {
            return fromBody;
        }
        if (!cookie.enabled() || request.getCookies() == null) {
            return null;
        }
        String fromCookie = Arrays.stream(request.getCookies()).filter(c -> c.getName().equals(cookie.name()))
                .map(Cookie::getValue).findFirst().orElse(null);
        if (fromCookie != null && request.getHeader(cookie.csrfHeader()) == null) {
            throw new AuthException(AuthError.INVALID_REQUEST,
                    "A refresh token sent as a cookie requires the " + cookie.csrfHeader() + " header");
        }
        return fromCookie;
    }

    void write(TokenPair pair, HttpServletResponse response) {
        if (cookie.enabled()) {
            response.addHeader(HttpHeaders.SET_COOKIE, build(pair.refreshToken(), pair.refreshExpiresIn()).toString());
        }
    }

    void clear(HttpServletResponse response) {
        if (cookie.enabled()) {
            response.addHeader(HttpHeaders.SET_COOKIE, build("", 0).toString());
        }
    }

    private ResponseCookie build(String value, long maxAgeSeconds) {
        return ResponseCookie.from(cookie.name(), value)
                .httpOnly(true).secure(true).sameSite("Strict").path("/auth").maxAge(maxAgeSeconds).build();
    }
}
