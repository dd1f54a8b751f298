package io.tokenfence.auth.web;

import java.net.URI;
import java.net.http.HttpRequest;

import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "tokenfence.auth.refresh-cookie.enabled=true")
class RefreshCookieTest extends AuthServiceTestBase {

    @Test
    void loginSetsAHardenedCookieAndKeepsTheTokenOutOfTheBody() {
        ApiResponse login = api.login("alice", "alice-password");

        String cookie = login.header("Set-Cookie");
        assertThat(cookie).startsWith("tokenfence_refresh=").contains("HttpOnly").contains("Secure")
                .contains("SameSite=Strict").contains("Path=/auth");
        assertThat(login.json().has("refresh_token")).isFalse();
        assertThat(login.text("access_token")).isNotBlank();
    }

    @Test
    void refreshFromTheCookieRequiresTheCsrfHeader() {
        String cookie = cookieValue(api.login("alice", "alice-password"));

        ApiResponse withoutHeader = send("/auth/refresh", cookie, false);
        ApiResponse withHeader = send("/auth/refresh", cookie, true);

        assertThat(withoutHeader.status()).isEqualTo(400);
        assertThat(withoutHeader.text("error")).isEqualTo("invalid_request");
        assertThat(withHeader.status()).isEqualTo(200);
        assertThat(cookieValue(withHeader)).isNotEqualTo(cookie);
    }

    @Test
    void logoutFromTheCookieClearsIt() {
        String cookie = cookieValue(api.login("alice", "alice-password"));

        ApiResponse logout = send("/auth/logout", cookie, true);

        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(send("/auth/refresh", cookie, true).status()).isEqualTo(401);
    }

    private ApiResponse send(String path, String cookie, boolean csrfHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Cookie", "tokenfence_refresh=" + cookie)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (csrfHeader) {
            request.header("X-TokenFence-CSRF", "1");
        }
        return api.send(request);
    }

    private static String cookieValue(ApiResponse response) {
        String header = response.header("Set-Cookie");
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }
}
