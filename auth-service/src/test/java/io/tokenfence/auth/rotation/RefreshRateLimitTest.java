package io.tokenfence.auth.rotation;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import io.tokenfence.testsupport.concurrency.Concurrently;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {
        "tokenfence.auth.rate-limits.enabled=true",
        "tokenfence.auth.rate-limits.refresh-per-session.permits=3",
        "tokenfence.auth.rate-limits.refresh-per-session.interval=1m"})
class RefreshRateLimitTest extends AuthServiceTestBase {

    @Test
    void rotationsBeyondTheSessionLimitAnswer429WithRetryAfter() {
        String token = api.loginOk("alice", "alice-password").refreshToken();
        for (int i = 0; i < 3; i++) {
            ApiResponse answer = api.refresh(token);
            assertThat(answer.status()).isEqualTo(200);
            token = answer.text("refresh_token");
        }

        ApiResponse limited = api.refresh(token);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.text("error")).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(limited.contentType()).startsWith("application/problem+json");
    }

    @Test
    void concurrentGraceReplaysDoNotSpendTheSessionLimit() throws Exception {
        Tokens login = api.loginOk("alice", "alice-password");

        List<ApiResponse> answers = Concurrently.run(20, () -> api.refresh(login.refreshToken()));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        Set<String> bodies = answers.stream().map(ApiResponse::body).collect(Collectors.toSet());
        assertThat(bodies).hasSize(1);
    }

    @Test
    void concurrentRefreshesOfOneTokenSpendOnePermitBetweenThem() throws Exception {
        Tokens login = api.loginOk("alice", "alice-password");

        List<ApiResponse> answers = Concurrently.run(20, () -> api.refresh(login.refreshToken()));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        String token = answers.get(0).text("refresh_token");
        for (int i = 0; i < 2; i++) {
            ApiResponse answer = api.refresh(token);
            assertThat(answer.status()).as("rotation %d of the remaining two", i + 1).isEqualTo(200);
            token = answer.text("refresh_token");
        }
        assertThat(api.refresh(token).status()).isEqualTo(429);
    }

    @Test
    void madeUpSessionIdsCreateNoLimiterStateInRedis() {
        String madeUp = "0123456789abcdef" + "A".repeat(22) + "." + "B".repeat(43);

        assertThat(api.refresh(madeUp).status()).isEqualTo(401);

        assertThat(redisson.getKeys().getKeysStreamByPattern("tokenfence:ratelimit:refresh:*").count()).isZero();
    }
}
