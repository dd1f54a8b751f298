package io.tokenfence.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackPorts;
import io.tokenfence.system.stack.SystemStack;
import io.tokenfence.testsupport.concurrency.Concurrently;
import io.tokenfence.testsupport.redis.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two auth-service and two resource-server processes with a real Redis and a real Kafka broker, all on loopback:
 * the README's claims proven across real processes, including crashes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiProcessSystemTest {

    private static SystemStack stack;
    private static ServiceProcess authA;
    private static ServiceProcess authB;
    private static ServiceProcess resourceA;
    private static ServiceProcess resourceB;

    @BeforeAll
    static void startStack() throws Exception {
        StackPorts ports = new StackPorts(List.of(RedisServers.freePort(), RedisServers.freePort()),
                List.of(RedisServers.freePort(), RedisServers.freePort()), RedisServers.freePort(),
                RedisServers.freePort(), RedisServers.freePort());
        Path workDir = Files.createTempDirectory("tokenfence-system-");
        stack = new SystemStack(ports, workDir, false).start();
        authA = stack.authServices().get(0);
        authB = stack.authServices().get(1);
        resourceA = stack.resourceServers().get(0);
        resourceB = stack.resourceServers().get(1);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void logoutOnOneAuthInstanceIsRejectedByBothResourceServersWithinTheTarget() {
        HttpCalls.Answer login = HttpCalls.login(authA.url());
        assertThat(login.status()).isEqualTo(200);
        HttpCalls.Answer refreshed = HttpCalls.refresh(authB.url(), login.field("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        String accessToken = refreshed.field("access_token");
        assertThat(HttpCalls.me(resourceA.url(), accessToken)).isEqualTo(200);
        assertThat(HttpCalls.me(resourceB.url(), accessToken)).isEqualTo(200);

        assertThat(HttpCalls.logout(authB.url(), accessToken).status()).isEqualTo(204);

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
    void killedResourceServerIsNotReadyUntilReplayedThenRejectsWhatWasRevokedWhileItWasDown() {
        String accessToken = HttpCalls.login(authA.url()).field("access_token");
        assertThat(HttpCalls.me(resourceA.url(), accessToken)).isEqualTo(200);

        resourceA.kill();
        assertThat(HttpCalls.logout(authA.url(), accessToken).status()).isEqualTo(204);
        resourceA.start().awaitReady(Duration.ofSeconds(120));

        assertThat(HttpCalls.me(resourceA.url(), accessToken)).isEqualTo(401);
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
