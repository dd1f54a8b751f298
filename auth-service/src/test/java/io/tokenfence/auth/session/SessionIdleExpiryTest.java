package io.tokenfence.auth.session;

import java.time.Duration;

import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The RMapCache max-idle ends a session nobody refreshes, in real time, while the test clock stands still. */
@TestPropertySource(properties = "tokenfence.auth.sessions.inactivity-timeout=2s")
class SessionIdleExpiryTest extends AuthServiceTestBase {

    @Test
    void unusedSessionVanishesAfterTheInactivityTimeout() {
        Tokens login = api.loginOk("alice", "alice-password");

        // Reads (here the bearer check of GET /auth/sessions) do not count as activity; only refreshes do.
        await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(15))
                .until(() -> api.get("/auth/sessions", login.accessToken()).status() == 401);

        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(401);
        assertThat(counter("tokenfence.refresh", "outcome", "rotated")).isZero();
    }
}
