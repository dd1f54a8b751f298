package io.tokenfence.auth.storage;

import java.time.Duration;

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
    void authEndpointsAnswer503ProblemDetailsAndReadinessSaysDownInTimeWhenRedisIsDown() {
        Tokens login = api.loginOk("alice", "alice-password");
        Tokens other = api.loginOk("alice", "alice-password");

        RealServicesExtension.redisServer().close();

        for (ApiResponse answer : new ApiResponse[] {api.login("alice", "alice-password"),
                api.refresh(login.refreshToken()), api.get("/auth/sessions", login.accessToken()),
                api.post("/auth/logout", other.accessToken()), api.logoutWithRefreshToken(other.refreshToken())}) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
            assertThat(answer.text("error")).isEqualTo("temporarily_unavailable");
            assertThat(answer.header("Retry-After")).isNotBlank();
        }

        long start = System.nanoTime();
        ApiResponse readiness = api.get("/actuator/health/readiness", null);

        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
        // Unbounded, the check waits out Redisson's retries (four, each at least this class's 500 ms timeout); the
        // margin over PROBE_TIMEOUT is for a busy build machine.
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("a probe waiting longer would see no answer at all, not DOWN")
                .isLessThan(RedisHealthIndicator.PROBE_TIMEOUT.multipliedBy(3));
    }
}
