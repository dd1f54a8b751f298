package io.tokenfence.auth.session;

import java.time.Duration;

import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "tokenfence.auth.sessions.max-per-user=2")
class SessionLimitTest extends AuthServiceTestBase {

    @Test
    void loginPastTheLimitRevokesTheLeastRecentlyUsedSession() {
        Tokens first = api.loginOk("alice", "alice-password");
        clock.advance(Duration.ofSeconds(1));
        Tokens second = api.loginOk("alice", "alice-password");
        clock.advance(Duration.ofSeconds(1));
        // The first session is used again, so the second becomes the least recently used.
        String firstRotated = api.refresh(first.refreshToken()).text("refresh_token");
        clock.advance(Duration.ofSeconds(1));
        double before = counter("tokenfence.revocations", "reason", "session_limit");

        Tokens third = api.loginOk("alice", "alice-password");

        assertThat(api.refresh(second.refreshToken()).status()).isEqualTo(401);
        assertThat(api.refresh(firstRotated).status()).isEqualTo(200);
        assertThat(api.refresh(third.refreshToken()).status()).isEqualTo(200);
        assertThat(counter("tokenfence.revocations", "reason", "session_limit") - before).isEqualTo(1.0);
        assertThat(api.get("/auth/sessions", third.accessToken()).json().size()).isEqualTo(2);
    }
}
