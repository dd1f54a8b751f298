package io.tokenfence.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tokenfence.testsupport.junit.RealServices;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import io.tokenfence.testsupport.redis.RedisEndpoint;
import io.tokenfence.testsupport.redis.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The images built by Jib, run as a container runtime would run them (see {@link ContainerProcess}): layers unpacked
 * onto one root, the image's own entrypoint, user, working directory and environment, configured only through
 * environment variables as in the compose file, against a real Redis and a real Kafka broker.
 */
@RealServices
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageEntrypointTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // Small and quick to start: the build machine is shared. The image's own flags stay in force underneath.
    private static final String JAVA_TOOL_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    @TempDir
    static Path workDir;

    private static ContainerProcess auth;
    private static int authPort;
    private static String issuer;

    @BeforeAll
    static void requireNamespaces() {
        assumeTrue(ContainerProcess.supported(), "running an image without a runtime needs root and unshare");
    }

    @AfterAll
    static void stopAuth() {
        if (auth != null) {
            auth.close();
        }
    }

    @Test
    @Order(1)
    void authServiceImageRunsAsNonRootAndBecomesReadyAgainstRealRedisAndKafka() throws Exception {
        ImageTar image = ImageTar.unpack(Project.imageTar("auth-service"), workDir.resolve("auth-service"));
        assertThat(image.exposedPorts()).containsExactly("8080/tcp");
        assertThat(image.user()).isNotEmpty().doesNotStartWith("0").doesNotStartWith("root");
        assertThat(image.command()).contains("-XX:MaxRAMPercentage=75.0");

        RedisEndpoint redis = RealServicesExtension.redis();
        authPort = RedisServers.freePort();
        issuer = "http://127.0.0.1:" + authPort;
        auth = ContainerProcess.start("auth-service", image, Map.of(
                "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS,
                "SERVER_PORT", String.valueOf(authPort),
                "SPRING_PROFILES_ACTIVE", "dev-users",
                "SPRING_DATA_REDIS_HOST", redis.host(),
                "SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", RealServicesExtension.kafka(),
                "TOKENFENCE_AUTH_ISSUER", issuer,
                "TOKENFENCE_AUTH_REVOCATIONS_TOPIC", RealServicesExtension.kafkaTopic()),
                List.of(), workDir.resolve("logs/auth-service.log"));

        awaitReady(auth, authPort);
        assertThat(get(authPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(auth.userId()).as("uid of the entrypoint process").isEqualTo(65532);
        assertThat(auth.logText()).contains("with PID 1 ").contains("in /app)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"demo-resource-server", "demo-secured-resource-server"})
    @Order(2)
    void resourceServerImageAcceptsATokenIssuedByTheAuthServiceImageAndRejectsAForgedOne(String module)
            throws Exception {
        assumeTrue(auth != null && auth.isAlive(), "needs the auth-service image running");
        ImageTar image = ImageTar.unpack(Project.imageTar(module), workDir.resolve(module));
        assertThat(image.exposedPorts()).containsExactly("8081/tcp");
        assertThat(image.user()).isNotEmpty().doesNotStartWith("0").doesNotStartWith("root");

        int port = RedisServers.freePort();
        try (ContainerProcess resource = ContainerProcess.start(module, image, Map.of(
                "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS,
                "SERVER_PORT", String.valueOf(port),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", RealServicesExtension.kafka(),
                "TOKENFENCE_FILTER_ISSUER", issuer,
                "TOKENFENCE_FILTER_JWKS_URI", issuer + "/.well-known/jwks.json",
                "TOKENFENCE_FILTER_TOPIC", RealServicesExtension.kafkaTopic()),
                List.of(), workDir.resolve("logs/" + module + ".log"))) {
            awaitReady(resource, port);

            String accessToken = login();
            assertThat(get(port, "/api/me", accessToken).statusCode()).isEqualTo(200);
            assertThat(get(port, "/api/me", accessToken + "x").statusCode()).isEqualTo(401);
        }
    }

    private static String login() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + authPort + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static void awaitReady(ContainerProcess process, int port) {
        await(process.describe()).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .failFast(process.describe() + " exited", () -> !process.isAlive())
                .until(() -> status(port, "/actuator/health/readiness") == 200);
    }

    private static int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return get(port, path, null);
    }

    private static HttpResponse<String> get(int port, String path, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
