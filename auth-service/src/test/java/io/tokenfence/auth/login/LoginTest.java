package io.tokenfence.auth.login;

import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {"tokenfence.auth.rate-limits.enabled=true",
        "tokenfence.auth.rate-limits.login-per-username.permits=3",
        "tokenfence.auth.rate-limits.login-per-username.interval=1m"})
class LoginTest extends AuthServiceTestBase {

    @Test
    void loginAnswersTheTokenPairShape() {
        ApiResponse answer = api.login("alice", "alice-password");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("token_type")).isEqualTo("Bearer");
        assertThat(answer.json().get("expires_in").asLong()).isEqualTo(300);
        assertThat(answer.json().get("refresh_expires_in").asLong()).isEqualTo(7 * 24 * 3600);
        assertThat(answer.text("access_token")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(answer.text("refresh_token")).startsWith(answer.text("session_id") + ".").hasSize(82);
        assertThat(answer.header("Cache-Control")).contains("no-store");
    }

    @Test
    void unknownUserAndWrongPasswordAnswerIdentically() {
        ApiResponse wrongPassword = api.login("admin", "not-the-password");
        ApiResponse unknownUser = api.login("nobody-here", "not-the-password");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(unknownUser.body().replace("nobody-here", "admin")).isEqualTo(wrongPassword.body());
        assertThat(wrongPassword.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void loginAttemptsPastTheUsernameLimitAnswer429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            api.login("limited-user", "wrong");
        }

        ApiResponse limited = api.login("limited-user", "wrong");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.text("error")).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(counter("tokenfence.login", "outcome", "rate_limited")).isGreaterThanOrEqualTo(1.0);
    }
}
