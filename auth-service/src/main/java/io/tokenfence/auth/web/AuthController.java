package io.tokenfence.auth.web;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.login.ClientInfo;
import io.tokenfence.auth.login.LoginService;
import io.tokenfence.auth.revocation.LogoutService;
import io.tokenfence.auth.rotation.RefreshTokenRotator;
import io.tokenfence.auth.token.TokenPair;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Login, refresh, logout and logout-all. Parsing and answering only; the services decide. */
@RestController
@RequestMapping(path = "/auth", produces = MediaType.APPLICATION_JSON_VALUE)
class AuthController {

    private final LoginService logins;
    private final RefreshTokenRotator rotator;
    private final LogoutService logouts;
    private final BearerTokens bearer;
    private final RefreshTokenTransport transport;

    AuthController(LoginService logins, RefreshTokenRotator rotator, LogoutService logouts, BearerTokens bearer,
                   RefreshTokenTransport transport) {
        this.logins = logins;
        this.rotator = rotator;
        this.logouts = logouts;
        this.bearer = bearer;
        this.transport = transport;
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> login(@RequestBody(required = false) JsonNode body, HttpServletRequest request,
                                        HttpServletResponse response) {
        requireBody(body);
        String username = JsonBodies.requiredText(body, "username");
        String password = JsonBodies.requiredText(body, "password");
        TokenPair pair = logins.login(username, password,
                new ClientInfo(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT)));
        return answer(pair, response);
    }

    @PostMapping("/refresh")
    ResponseEntity<TokenResponse> refresh(@RequestBody(required = false) JsonNode body, HttpServletRequest request,
                                          HttpServletResponse response) {
        String presented = transport.read(body, request);
        if (presented == null) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'refresh_token' is required");
        }
        return answer(rotator.refresh(presented), response);
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(@RequestBody(required = false) JsonNode body, HttpServletRequest request,
                                HttpServletResponse response) {
        String refreshToken = transport.read(body, request);
        if (refreshToken != null) {
            logouts.logoutWithRefreshToken(refreshToken);
        } else {
            String accessToken = BearerTokens.extract(request);
            if (accessToken == null) {
                throw new AuthException(AuthError.INVALID_REQUEST,
                        "Send the refresh token ('refresh_token') or a bearer access token");
            }
            logouts.logoutWithAccessToken(bearer.verifySignature(accessToken));
        }
        transport.clear(response);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/logout-all")
    ResponseEntity<Void> logoutAll(HttpServletRequest request, HttpServletResponse response) {
        logouts.logoutAll(bearer.authenticate(request));
        transport.clear(response);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<TokenResponse> answer(TokenPair pair, HttpServletResponse response) {
        transport.write(pair, response);
        // RFC 6749 section 5.1: token responses must not be cached.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache")
                .body(TokenResponse.of(pair, transport.tokenInBody()));
    }

    private static void requireBody(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "A JSON body is required");
        }
    }
}
