package io.tokenfence.system;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.SystemStack;
import io.tokenfence.testsupport.concurrency.Concurrently;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two auth-service and two resource-server processes with a real Redis and a real Kafka broker, all on loopback:
 * the README's claims proven across real processes, including crashes.
 */
@ExtendWith(SharedSystemStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiProcessSystemTest {

    private static SystemStack stack;
    private static ServiceProcess authA;
    private static ServiceProcess authB;
    private static ServiceProcess resourceA;
    private static ServiceProcess resourceB;

    @BeforeAll
    static void useStack() {
        stack = SharedSystemStack.stack();
        authA = stack.authServices().get(0);
        authB = stack.authServices().get(1);
        resourceA = stack.resourceServers().get(0);
        resourceB = stack.resourceServers().get(1);
    }

    @Test
    @Order(1)
    void loginOnAThenRefreshOnBThenLogoutOnBIsRejectedByBothResourceServers() {
        HttpCalls.Answer login = HttpCalls.login(authA.url());
        assertThat(login.status()).isEqualTo(200);
        HttpCalls.Answer refreshed = HttpCalls.refresh(authB.url(), login.field("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        String accessToken = refreshed.field("access_token");
        assertThat(HttpCalls.me(resourceA.url(), accessToken)).isEqualTo(200);
        assertThat(HttpCalls.me(resourceB.url(), accessToken)).isEqualTo(200);

        assertThat(HttpCalls.logout(authB.url(), accessToken).status()).isEqualTo(204);

        // A liveness bound for a loaded CI machine; the millisecond figures are measured in BENCHMARKS.md.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() ->
                HttpCalls.me(resourceA.url(), accessToken) == 401 && HttpCalls.me(resourceB.url(), accessToken) == 401);
    }

    @Test
    @Order(2)
    void twentyConcurrentRefreshesAcrossBothAuthInstancesRotateOnce() throws Exception {
        String refreshToken = HttpCalls.login(authA.url()).field("refresh_token");
        List<ServiceProcess> targets = List.of(authA, authB);

        List<HttpCalls.Answer> answers = Concurrently.run(20, i -> HttpCalls.refresh(targets.get(i % 2).url(),
                refreshToken));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        Set<String> pairs = answers.stream().map(answer -> answer.field("refresh_token")).collect(Collectors.toSet());
        assertThat(pairs).hasSize(1);
        assertThat(HttpCalls.refresh(authB.url(), pairs.iterator().next()).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void killedResourceServerRestartedWhileKafkaIsDownStaysNotReadyUntilReplayedThenRejectsWhatWasRevoked() {
        String revokedInTopic = HttpCalls.login(authA.url()).field("access_token");
        String revokedInOutbox = HttpCalls.login(authB.url()).field("access_token");
        assertThat(HttpCalls.me(resourceA.url(), revokedInTopic)).isEqualTo(200);
        assertThat(HttpCalls.me(resourceA.url(), revokedInOutbox)).isEqualTo(200);

        resourceA.kill();
        assertThat(HttpCalls.logout(authA.url(), revokedInTopic).status()).isEqualTo(204);
        // Only once the first revocation is on the topic (the other resource server has it), Kafka goes down.
        await().atMost(Duration.ofSeconds(30)).until(() -> HttpCalls.me(resourceB.url(), revokedInTopic) == 401);
        stack.kafka().kill();
        assertThat(HttpCalls.logout(authB.url(), revokedInOutbox).status()).isEqualTo(204);
        resourceA.start();

        // It serves HTTP (readiness answers) but cannot replay the topic: not ready, for as long as Kafka is away.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> resourceA.readinessStatus() != -1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> resourceA.readinessStatus() == 503);

        stack.kafka().start();
        resourceA.awaitReady(Duration.ofSeconds(120));
        // Ready means replayed: what was on the topic is rejected from the first request on.
        assertThat(HttpCalls.me(resourceA.url(), revokedInTopic)).isEqualTo(401);
        // What waited in the outbox follows as soon as a relay delivers it.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> HttpCalls.me(resourceA.url(), revokedInOutbox) == 401
                        && HttpCalls.me(resourceB.url(), revokedInOutbox) == 401);
    }

    @Test
    @Order(4)
    void revocationDecidedWhileKafkaIsDownSurvivesTheDeathOfTheAuthInstanceThatAnsweredIt() {
        String accessToken = HttpCalls.login(authA.url()).field("access_token");
        assertThat(HttpCalls.me(resourceB.url(), accessToken)).isEqualTo(200);

        stack.kafka().kill();
        assertThat(HttpCalls.logout(authA.url(), accessToken).status()).isEqualTo(204);
        authA.kill();
        stack.kafka().start();

        // Auth B's outbox relay delivers what auth A wrote to the Redis outbox before answering.
        // Each resource server's consumer reconnects to the restarted broker on its own back-off schedule.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> HttpCalls.me(resourceB.url(), accessToken) == 401
                        && HttpCalls.me(resourceA.url(), accessToken) == 401);
    }
}
