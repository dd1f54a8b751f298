package io.tokenfence.auth.session;

import java.time.Duration;

import io.tokenfence.auth.storage.RedisLayout;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis itself ends sessions: the test clock stands still, so only the TTL of the RMapCache entry (real time) can make
 * the session disappear; no TokenFence job runs.
 */
@TestPropertySource(properties = "tokenfence.auth.sessions.absolute-lifetime=2s")
class SessionTtlExpiryTest extends AuthServiceTestBase {

    @Test
    void sessionVanishesAtItsAbsoluteLifetimeWithoutAnyCleanupJob() {
        Tokens login = api.loginOk("alice", "alice-password");
        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(200);
        String map = new RedisLayout("tokenfence").sessions(SessionId.userHandle(login.sessionId()));

        await().atMost(Duration.ofSeconds(15)).until(() ->
                redisson.<String, String>getMapCache(map, StringCodec.INSTANCE).get(login.sessionId()) == null);

        assertThat(api.get("/auth/sessions", login.accessToken()).status()).isEqualTo(401);
    }
}
