package io.tokenfence.system;

import java.time.Duration;
import java.util.List;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackHttpClient;
import io.tokenfence.system.stack.SystemStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis faults under the real processes: a restart of an AOF-persisted Redis loses no session and revives no revoked
 * one; while Redis is unreachable every auth endpoint says so (503 problem details, never 401 nor 500) and the service
 * recovers by itself when Redis returns.
 */
@ExtendWith(SharedSystemStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFaultSystemTest {

    private static SystemStack stack;
    private static ServiceProcess authA;
    private static ServiceProcess authB;

    @BeforeAll
    static void useStack() {
        stack = SharedSystemStack.stack();
        authA = stack.authServices().get(0);
        authB = stack.authServices().get(1);
    }

    @Test
    @Order(1)
    void sessionsAndRevocationsSurviveARestartOfRedisWithAppendOnlyPersistence() {
        StackHttpClient.Answer live = StackHttpClient.login(authA.url());
        StackHttpClient.Answer rotated = StackHttpClient.refresh(authB.url(), live.field("refresh_token"));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        StackHttpClient.Answer revoked = StackHttpClient.login(authB.url());
        assertThat(StackHttpClient.logout(authA.url(), revoked.field("access_token")).status()).isEqualTo(204);

        stack.restartRedis();

        // Redisson reconnects on its own; readiness includes a Redis round trip.
        awaitReady();
        StackHttpClient.Answer afterRestart = StackHttpClient.refresh(authB.url(), rotated.field("refresh_token"));
        assertThat(afterRestart.status()).as(afterRestart.body()).isEqualTo(200);
        StackHttpClient.Answer next = StackHttpClient.refresh(authB.url(), afterRestart.field("refresh_token"));
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        // The shared signing key came back too: tokens signed before and after the restart verify everywhere.
        for (ServiceProcess resource : stack.resourceServers()) {
            assertThat(StackHttpClient.me(resource.url(), rotated.field("access_token"))).isEqualTo(200);
            assertThat(StackHttpClient.me(resource.url(), next.field("access_token"))).isEqualTo(200);
            assertThat(StackHttpClient.me(resource.url(), revoked.field("access_token"))).isEqualTo(401);
        }
        assertThat(StackHttpClient.refresh(authA.url(), revoked.field("refresh_token")).status()).isEqualTo(401);
        assertThat(StackHttpClient.logout(authB.url(), revoked.field("access_token")).status())
                .as("logout of an ended session stays idempotent").isEqualTo(204);
    }

    @Test
    @Order(2)
    void authEndpointsAnswer503ProblemDetailsWhileRedisIsUnreachableAndRecoverWhenItReturns() {
        StackHttpClient.Answer before = StackHttpClient.login(authA.url());
        StackHttpClient.Answer other = StackHttpClient.login(authB.url());
        assertThat(before.status()).isEqualTo(200);

        stack.stopRedis();
        try {
            for (ServiceProcess auth : List.of(authA, authB)) {
                assertUnavailable(StackHttpClient.login(auth.url()));
                assertUnavailable(StackHttpClient.refresh(auth.url(), before.field("refresh_token")));
                assertUnavailable(StackHttpClient.logout(auth.url(), other.field("access_token")));
                assertUnavailable(StackHttpClient.logoutWithRefreshToken(auth.url(), other.field("refresh_token")));
                assertThat(auth.readinessStatus()).as("%s readiness without Redis", auth.name()).isEqualTo(503);
            }
        } finally {
            stack.startRedis();
        }

        awaitReady();
        assertThat(StackHttpClient.login(authB.url()).status()).isEqualTo(200);
        // Nothing that was refused during the outage changed anything: both sessions are exactly as they were.
        StackHttpClient.Answer refreshed = StackHttpClient.refresh(authB.url(), before.field("refresh_token"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(StackHttpClient.logout(authA.url(), other.field("access_token")).status()).isEqualTo(204);
        assertThat(StackHttpClient.refresh(authA.url(), other.field("refresh_token")).status()).isEqualTo(401);
    }

    private static void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> authA.readinessStatus() == 200 && authB.readinessStatus() == 200);
    }

    private static void assertUnavailable(StackHttpClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"error\":\"temporarily_unavailable\"");
    }
}
