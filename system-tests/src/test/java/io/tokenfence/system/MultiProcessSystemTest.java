package io.tokenfence.system;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackHttpClient;
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
        StackHttpClient.Answer login = StackHttpClient.login(authA.url());
        assertThat(login.status()).isEqualTo(200);
        StackHttpClient.Answer refreshed = StackHttpClient.refresh(authB.url(), login.field("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        String accessToken = refreshed.field("access_token");
        assertThat(StackHttpClient.me(resourceA.url(), accessToken)).isEqualTo(200);
        assertThat(StackHttpClient.me(resourceB.url(), accessToken)).isEqualTo(200);

        assertThat(StackHttpClient.logout(authB.url(), accessToken).status()).isEqualTo(204);

        // A liveness bound for a loaded CI machine; the millisecond figures are measured in BENCHMARKS.md.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() ->
                StackHttpClient.me(resourceA.url(), accessToken) == 401
                        && StackHttpClient.me(resourceB.url(), accessToken) == 401);
    }

    @Test
    @Order(2)
    void twentyConcurrentRefreshesAcrossBothAuthInstancesRotateOnce() throws Exception {
        String refreshToken = StackHttpClient.login(authA.url()).field("refresh_token");
        List<ServiceProcess> targets = List.of(authA, authB);

        List<StackHttpClient.Answer> answers = Concurrently.run(20,
                i -> StackHttpClient.refresh(targets.get(i % 2).url(), refreshToken));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        Set<String> pairs = answers.stream().map(answer -> answer.field("refresh_token")).collect(Collectors.toSet());
        assertThat(pairs).hasSize(1);
        assertThat(StackHttpClient.refresh(authB.url(), pairs.iterator().next()).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void killedResourceServerRestartedWhileKafkaIsDownStaysNotReadyUntilReplayedThenRejectsWhatWasRevoked() {
        String revokedInTopic = StackHttpClient.login(authA.url()).field("access_token");
        String revokedInOutbox = StackHttpClient.login(authB.url()).field("access_token");
        assertThat(StackHttpClient.me(resourceA.url(), revokedInTopic)).isEqualTo(200);
        assertThat(StackHttpClient.me(resourceA.url(), revokedInOutbox)).isEqualTo(200);

        resourceA.kill();
        assertThat(StackHttpClient.logout(authA.url(), revokedInTopic).status()).isEqualTo(204);
        // Only once the first revocation is on the topic (the other resource server has it), Kafka goes down.
        await().atMost(Duration.ofSeconds(30)).until(() -> StackHttpClient.me(resourceB.url(), revokedInTopic) == 401);
        stack.kafka().kill();
        assertThat(StackHttpClient.logout(authB.url(), revokedInOutbox).status()).isEqualTo(204);
        resourceA.start();

        // It serves HTTP (readiness answers) but cannot replay the topic: not ready, for as long as Kafka is away.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> resourceA.readinessStatus() != -1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> resourceA.readinessStatus() == 503);

        stack.kafka().start();
        resourceA.awaitReady(Duration.ofSeconds(120));
        // Ready means replayed: what was on the topic is rejected from the first request on.
        assertThat(StackHttpClient.me(resourceA.url(), revokedInTopic)).isEqualTo(401);
        // What waited in the outbox follows as soon as a relay delivers it.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> StackHttpClient.me(resourceA.url(), revokedInOutbox) == 401
                        && StackHttpClient.me(resourceB.url(), revokedInOutbox) == 401);
    }

    @Test
    @Order(4)
    void revocationDecidedWhileKafkaIsDownSurvivesTheDeathOfTheAuthInstanceThatAnsweredIt() {
        String accessToken = StackHttpClient.login(authA.url()).field("access_token");
        assertThat(StackHttpClient.me(resourceB.url(), accessToken)).isEqualTo(200);

        stack.kafka().kill();
        assertThat(StackHttpClient.logout(authA.url(), accessToken).status()).isEqualTo(204);
        authA.kill();
        stack.kafka().start();

        // Auth B's outbox relay delivers what auth A wrote to the Redis outbox before answering.
        // Each resource server's consumer reconnects to the restarted broker on its own back-off schedule.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> StackHttpClient.me(resourceB.url(), accessToken) == 401
                        && StackHttpClient.me(resourceA.url(), accessToken) == 401);
    }
}
