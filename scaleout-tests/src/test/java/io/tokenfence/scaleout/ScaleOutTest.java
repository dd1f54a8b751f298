package io.tokenfence.scaleout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackHttpClient;
import io.tokenfence.system.stack.StackPorts;
import io.tokenfence.system.stack.SystemStack;
import io.tokenfence.testsupport.concurrency.Concurrently;
import io.tokenfence.testsupport.kafka.ProcessKafkaCluster;
import io.tokenfence.testsupport.redis.LocalRedisCluster;
import io.tokenfence.testsupport.redis.RedisCommands;
import io.tokenfence.testsupport.redis.RedisEndpoint;
import io.tokenfence.testsupport.redis.RedisServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production topology on loopback, every part a separate process: a Redis Cluster of three masters, a KRaft Kafka
 * cluster of three brokers holding the revocation topic with replication factor 3 and {@code min.insync.replicas=2},
 * two auth-service instances and two resource servers. The resource servers start first, against brokers that allow
 * topic auto-creation, so the topic's settings also prove that no resource server created it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {

    private static final String TOPIC = "tokenfence.revocations";
    private static final int USERS = 120;
    private static final Duration PROPAGATION = Duration.ofSeconds(10);

    private static LocalRedisCluster redis;
    private static ProcessKafkaCluster kafka;
    private static SystemStack stack;
    private static ServiceProcess authA;
    private static ServiceProcess authB;
    private static ServiceProcess resourceA;
    private static ServiceProcess resourceB;

    @BeforeAll
    static void startTopology() throws Exception {
        Path workDir = Files.createTempDirectory("tokenfence-scaleout-");
        redis = LocalRedisCluster.start(3);
        kafka = ProcessKafkaCluster.start(3);
        List<String> authArguments = new ArrayList<>(List.of(
                "--spring.config.additional-location=file:" + writeUsers(workDir.resolve("config")) + "/",
                "--tokenfence.auth.revocations.replication-factor=3",
                "--tokenfence.auth.revocations.min-insync-replicas=2",
                // Limits stay on (their Redis scripts must run on the cluster too), but one address logs in many users.
                "--tokenfence.auth.rate-limits.login-per-ip.permits=100000",
                "--tokenfence.auth.rate-limits.login-per-ip.interval=1m",
                // Short enough for the reuse test to wait it out, long enough for 20 concurrent refreshes to share it.
                "--tokenfence.auth.refresh.grace-window=8s"));
        StackPorts ports = new StackPorts(List.of(RedisServers.freePort(), RedisServers.freePort()),
                List.of(RedisServers.freePort(), RedisServers.freePort()), 0, 0, 0);
        stack = new SystemStack(ports, workDir, false)
                .withExternalServices(SystemStack.ExternalServices.redisCluster(redis.nodeAddresses(),
                        kafka.bootstrapServers()))
                .withResourceServersStartedFirst()
                .withExtraAuthArguments(authArguments)
                .start();
        authA = stack.authServices().get(0);
        authB = stack.authServices().get(1);
        resourceA = stack.resourceServers().get(0);
        resourceB = stack.resourceServers().get(1);
    }

    /** The dev-users profile's users, replaced by many users (the file outside the jar wins) so keys spread. */
    private static Path writeUsers(Path dir) throws Exception {
        Files.createDirectories(dir);
        String users = IntStream.range(0, USERS).mapToObj(i -> """
                      - username: %s
                        password-hash: "{noop}%s"
                        roles: [user]
                """.formatted(user(i), password(i))).collect(Collectors.joining());
        Files.writeString(dir.resolve("application-dev-users.yml"), "tokenfence:\n  auth:\n    users:\n" + users);
        return dir;
    }

    private static String user(int i) {
        return "scale-user-" + i;
    }

    private static String password(int i) {
        return "password-of-" + i;
    }

    @AfterAll
    static void stopTopology() {
        if (stack != null) {
            stack.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void revocationTopicHasThreeReplicasAndMinInsyncTwoThoughResourceServersLookedForItFirst() throws Exception {
        assertThat(resourceA.logText()).contains("does not exist (yet)");
        assertThat(resourceB.logText()).contains("does not exist (yet)");

        try (Admin admin = admin()) {
            assertThat(topic(admin).partitions()).hasSize(3)
                    .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
        }
    }

    @Test
    @Order(2)
    void loginOnOneInstanceRefreshesOnEitherAndReuseOfARotatedTokenEndsTheSessionEverywhere() {
        StackHttpClient.Answer login = StackHttpClient.login(authA.url(), user(0), password(0));
        assertThat(login.status()).isEqualTo(200);
        StackHttpClient.Answer onB = StackHttpClient.refresh(authB.url(), login.field("refresh_token"));
        assertThat(onB.status()).isEqualTo(200);
        StackHttpClient.Answer onA = StackHttpClient.refresh(authA.url(), onB.field("refresh_token"));
        assertThat(onA.status()).isEqualTo(200);
        String accessToken = onA.field("access_token");
        StackHttpClient.Answer sessions = StackHttpClient.sessions(authB.url(), accessToken);
        assertThat(sessions.status()).isEqualTo(200);
        assertThat(sessions.body()).contains(login.field("session_id"));
        assertThat(StackHttpClient.me(resourceA.url(), accessToken)).isEqualTo(200);
        assertThat(StackHttpClient.me(resourceB.url(), accessToken)).isEqualTo(200);

        // Within the grace window a rotated-out token answers the same pair; after it, its use is reuse.
        String rotatedOut = onB.field("refresh_token");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> StackHttpClient.refresh(authB.url(), rotatedOut).status() == 401);

        assertThat(StackHttpClient.refresh(authA.url(), onA.field("refresh_token")).status()).isEqualTo(401);
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).until(() ->
                StackHttpClient.me(resourceA.url(), accessToken) == 401
                        && StackHttpClient.me(resourceB.url(), accessToken) == 401);
    }

    @Test
    @Order(3)
    void twentyConcurrentRefreshesAcrossBothInstancesRotateOnceAndAllGetTheSameAnswer() throws Exception {
        String refreshToken = StackHttpClient.login(authB.url(), user(1), password(1)).field("refresh_token");
        List<ServiceProcess> targets = List.of(authA, authB);

        List<StackHttpClient.Answer> answers = Concurrently.run(20,
                i -> StackHttpClient.refresh(targets.get(i % 2).url(), refreshToken));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
        Set<String> refreshTokens = answers.stream().map(answer -> answer.field("refresh_token"))
                .collect(Collectors.toSet());
        Set<String> accessTokens = answers.stream().map(answer -> answer.field("access_token"))
                .collect(Collectors.toSet());
        assertThat(refreshTokens).hasSize(1);
        assertThat(accessTokens).hasSize(1);
        assertThat(StackHttpClient.refresh(authA.url(), refreshTokens.iterator().next()).status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void logoutOnEitherInstanceIsRejectedByBothResourceServers() {
        String first = StackHttpClient.login(authA.url(), user(2), password(2)).field("access_token");
        String second = StackHttpClient.login(authB.url(), user(3), password(3)).field("access_token");
        String everyDevice = StackHttpClient.login(authA.url(), user(4), password(4)).field("access_token");
        for (String token : List.of(first, second, everyDevice)) {
            assertThat(StackHttpClient.me(resourceA.url(), token)).isEqualTo(200);
            assertThat(StackHttpClient.me(resourceB.url(), token)).isEqualTo(200);
        }

        assertThat(StackHttpClient.logout(authB.url(), first).status()).isEqualTo(204);
        assertThat(StackHttpClient.logout(authA.url(), second).status()).isEqualTo(204);
        assertThat(StackHttpClient.logoutAll(authB.url(), everyDevice).status()).isEqualTo(204);

        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).until(() ->
                List.of(first, second, everyDevice).stream().allMatch(token ->
                        StackHttpClient.me(resourceA.url(), token) == 401
                                && StackHttpClient.me(resourceB.url(), token) == 401));
    }

    @Test
    @Order(5)
    void sessionsOfManyUsersAreSpreadOverAllThreeMasters() {
        for (int i = 10; i < 70; i++) {
            assertThat(StackHttpClient.login((i % 2 == 0 ? authA : authB).url(), user(i), password(i)).status())
                    .isEqualTo(200);
        }

        Map<RedisEndpoint, Integer> sessionKeys = new LinkedHashMap<>();
        Map<RedisEndpoint, Integer> allKeys = new LinkedHashMap<>();
        for (RedisEndpoint node : redis.nodes()) {
            sessionKeys.put(node, RedisCommands.keys(node, "tokenfence:sessions:*").size());
            allKeys.put(node, RedisCommands.keys(node, "*tokenfence*").size());
        }
        System.out.println("Keys per master (session shards / all TokenFence keys): " + sessionKeys + " / " + allKeys);
        assertThat(sessionKeys.values()).allSatisfy(count -> assertThat(count).isPositive());
        int total = allKeys.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(allKeys.values()).allSatisfy(count -> assertThat(count).isGreaterThan(total / 10));
    }

    @Test
    @Order(6)
    void withAPartitionLeaderKilledMidRunEveryLogoutStillReachesBothResourceServers() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 70; i < 100; i++) {
            tokens.add(StackHttpClient.login((i % 2 == 0 ? authA : authB).url(), user(i), password(i))
                    .field("access_token"));
        }
        for (String token : tokens) {
            assertThat(StackHttpClient.me(resourceA.url(), token)).isEqualTo(200);
            assertThat(StackHttpClient.me(resourceB.url(), token)).isEqualTo(200);
        }

        // The broker to kill leads a partition of the topic: its loss moves leadership under producers and consumers.
        int victim;
        try (Admin admin = admin()) {
            victim = topic(admin).partitions().get(0).leader().id() - 1;
        }

        for (int i = 0; i < tokens.size(); i++) {
            if (i == tokens.size() / 3) {
                kafka.broker(victim).kill();
            }
            ServiceProcess auth = i % 2 == 0 ? authA : authB;
            assertThat(StackHttpClient.logout(auth.url(), tokens.get(i)).status()).as("logout %d", i).isEqualTo(204);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Integer> stillAccepted = IntStream.range(0, tokens.size())
                    .filter(i -> StackHttpClient.me(resourceA.url(), tokens.get(i)) != 401
                            || StackHttpClient.me(resourceB.url(), tokens.get(i)) != 401)
                    .boxed().toList();
            assertThat(stillAccepted).as("logouts not yet seen by both resource servers").isEmpty();
        });

        kafka.broker(victim).start();
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    topic(admin).partitions().stream().map(TopicPartitionInfo::isr).allMatch(isr -> isr.size() == 3));
        }
        String afterRestart = StackHttpClient.login(authA.url(), user(100), password(100)).field("access_token");
        assertThat(StackHttpClient.logout(authB.url(), afterRestart).status()).isEqualTo(204);
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).until(() ->
                StackHttpClient.me(resourceA.url(), afterRestart) == 401
                        && StackHttpClient.me(resourceB.url(), afterRestart) == 401);
    }

    @Test
    @Order(7)
    void noServiceEverHitACrossSlotError() {
        for (ServiceProcess service : List.of(authA, authB, resourceA, resourceB)) {
            assertThat(service.logText()).as(service.name() + " log").doesNotContain("CROSSSLOT");
        }
    }

    private static TopicDescription topic(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
