package io.tokenfence.auth.storage;

import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis trouble is our fault, answered 503, never disguised as a 401 nor a 500. */
@TestPropertySource(properties = {"spring.data.redis.timeout=500ms", "spring.data.redis.connect-timeout=500ms"})
class RedisUnavailableTest extends AuthServiceTestBase {

    @Test
    void authEndpointsAnswer503WhenRedisIsDown() {
        Tokens login = api.loginOk("alice", "alice-password");

        RealServicesExtension.redisServer().close();

        for (ApiResponse answer : new ApiResponse[] {api.login("alice", "alice-password"),
                api.refresh(login.refreshToken()), api.get("/auth/sessions", login.accessToken())}) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.text("error")).isEqualTo("temporarily_unavailable");
            assertThat(answer.header("Retry-After")).isNotBlank();
        }
    }
}
