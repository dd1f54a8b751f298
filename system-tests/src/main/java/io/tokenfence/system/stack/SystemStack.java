package io.tokenfence.system.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tokenfence.testsupport.kafka.ProcessKafkaBroker;
import io.tokenfence.testsupport.redis.LocalRedisServer;
import io.tokenfence.testsupport.redis.RedisExecutables;

/**
 * The whole system as separate processes on loopback: a real Redis, a real KRaft Kafka broker, auth-service instances
 * and demo resource servers. Used by the local stack and by the multi-process system tests.
 *
 * <p>Resource servers alternate between the two ways of using resource-filter-lib: the first (and every other one) is
 * {@code demo-resource-server} (the library's servlet filter), the second {@code demo-secured-resource-server} (Spring
 * Security with the library's {@code JwtDecoder}), so every test that checks both resource servers checks both styles.
 */
public final class SystemStack implements AutoCloseable {

    /** Every instance uses one issuer, so tokens of any auth instance verify on every resource server. */
    public static final String ISSUER = "http://localhost:8080";
    /** Generous: on a loaded build machine, three Spring Boot JVMs starting at once can take minutes. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final StackPorts ports;
    private final Path workDir;
    private final boolean redisAppendOnly;
    private LocalRedisServer redis;
    private ProcessKafkaBroker kafka;
    private final List<ServiceProcess> authServices = new ArrayList<>();
    private final List<ServiceProcess> resourceServers = new ArrayList<>();
    private List<String> extraAuthArguments = List.of();
    private ExternalServices external;
    private boolean resourceServersFirst;

    public SystemStack(StackPorts ports, Path workDir, boolean redisAppendOnly) {
        this.ports = ports;
        this.workDir = workDir;
        this.redisAppendOnly = redisAppendOnly;
    }

    /** Adds command-line arguments to every auth-service instance (for example to switch rate limits off). */
    public SystemStack withExtraAuthArguments(List<String> arguments) {
        this.extraAuthArguments = List.copyOf(arguments);
        return this;
    }

    /**
     * Redis and Kafka that the caller runs (a Redis Cluster, a multi-broker Kafka): the stack then starts only the
     * services, and passes them these settings instead of its own Redis and broker.
     *
     * @param redisArguments auth-service's Redis settings, e.g. {@code --spring.data.redis.cluster.nodes=...}
     * @param kafkaBootstrapServers every broker, e.g. {@code 127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096}
     */
    public record ExternalServices(List<String> redisArguments, String kafkaBootstrapServers) {

        public ExternalServices {
            redisArguments = List.copyOf(redisArguments);
        }

        /** A Redis Cluster given by its nodes ({@code host:port,...}) and a Kafka cluster given by its brokers. */
        public static ExternalServices redisCluster(String clusterNodes, String kafkaBootstrapServers) {
            return new ExternalServices(List.of("--spring.data.redis.cluster.nodes=" + clusterNodes),
                    kafkaBootstrapServers);
        }
    }

    /** Uses Redis and Kafka run by the caller instead of starting a Redis and a broker of the stack's own. */
    public SystemStack withExternalServices(ExternalServices services) {
        this.external = services;
        return this;
    }

    /**
     * Starts the resource servers before any auth-service instance, and waits until each has looked for the revocation
     * topic and found it missing: the order in which a resource server could create the topic itself.
     */
    public SystemStack withResourceServersStartedFirst() {
        this.resourceServersFirst = true;
        return this;
    }

    /**
     * Starts everything and waits until every service reports ready. When any part fails to start, whatever was
     * already started is stopped before the failure is thrown: a failed start leaves no process behind.
     */
    public SystemStack start() throws Exception {
        try {
            startAll();
            return this;
        } catch (Exception | Error e) {
            try {
                close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(workDir);
        if (external == null) {
            startRedis();
            kafka = ProcessKafkaBroker.start(ports.kafkaPort(), ports.kafkaControllerPort(), workDir.resolve("kafka"));
        }
        Path root = projectRoot();
        for (int i = 0; i < ports.authPorts().size(); i++) {
            authServices.add(new ServiceProcess("auth-" + (char) ('a' + i),
                    root.resolve("auth-service/target/auth-service-0.1.0-SNAPSHOT.jar"), ports.authPorts().get(i),
                    authArguments(), workDir));
        }
        for (int i = 0; i < ports.resourcePorts().size(); i++) {
            String module = i % 2 == 0 ? "demo-resource-server" : "demo-secured-resource-server";
            resourceServers.add(new ServiceProcess("resource-" + (char) ('a' + i),
                    root.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar"),
                    ports.resourcePorts().get(i), resourceArguments(), workDir));
        }
        if (resourceServersFirst) {
            resourceServers.forEach(ServiceProcess::start);
            for (ServiceProcess service : resourceServers) {
                service.awaitLogLine("does not exist (yet)", READY_TIMEOUT);
            }
        }
        // The first auth instance creates the signing key and the topic; the rest start in parallel after it.
        authServices.get(0).start().awaitReady(READY_TIMEOUT);
        authServices.stream().skip(1).forEach(ServiceProcess::start);
        resourceServers.forEach(ServiceProcess::start);
        for (ServiceProcess service : all()) {
            service.awaitReady(READY_TIMEOUT);
        }
    }

    /** Starts Redis on the stack's port (and, with AOF on, the stack's Redis directory). */
    public synchronized void startRedis() {
        if (redis != null) {
            return;
        }
        Optional<File> onPath = RedisExecutables.onPath();
        File executable = onPath.orElseGet(RedisExecutables::shippedInJar);
        LocalRedisServer.Options options = LocalRedisServer.Options.onPort(ports.redisPort());
        if (redisAppendOnly) {
            options = options.withAppendOnly(workDir.resolve("redis"));
        }
        redis = LocalRedisServer.start(executable, onPath.isPresent() ? "from PATH" : "shipped in embedded-redis",
                options);
    }

    /** Restarts Redis on the same port and directory (with AOF on, sessions survive). */
    public synchronized void restartRedis() {
        stopRedis();
        startRedis();
    }

    /** Stops Redis cleanly (SIGTERM; with AOF on it flushes first); {@link #startRedis()} brings it back. */
    public synchronized void stopRedis() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    /**
     * Brings back whatever a test stopped or killed (Redis, Kafka, any service) and waits until every service is
     * ready again, so several test classes can share one stack.
     */
    public synchronized void restore() {
        if (external == null && redis == null) {
            startRedis();
        }
        if (kafka != null && !kafka.isRunning()) {
            kafka.start();
        }
        List<ServiceProcess> restarted = all().stream().filter(service -> !service.isAlive()).toList();
        restarted.forEach(ServiceProcess::start);
        for (ServiceProcess service : all()) {
            service.awaitReady(READY_TIMEOUT);
        }
    }

    private List<String> authArguments() {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=dev-users"));
        if (external == null) {
            arguments.addAll(List.of("--spring.data.redis.host=127.0.0.1",
                    "--spring.data.redis.port=" + ports.redisPort()));
        } else {
            arguments.addAll(external.redisArguments());
        }
        arguments.addAll(List.of(
                "--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers(),
                "--tokenfence.auth.issuer=" + ISSUER,
                "--management.endpoint.health.show-details=always"));
        arguments.addAll(extraAuthArguments);
        return arguments;
    }

    private List<String> resourceArguments() {
        String jwks = "http://127.0.0.1:" + ports.authPorts().get(0) + "/.well-known/jwks.json";
        return List.of(
                "--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers(),
                "--tokenfence.filter.issuer=" + ISSUER,
                "--tokenfence.filter.jwks-uri=" + jwks,
                "--management.endpoint.health.show-details=always");
    }

    private String kafkaBootstrapServers() {
        return external != null ? external.kafkaBootstrapServers() : kafka.bootstrapServers();
    }

    /** The repository root, found from the working directory (the root itself or one of its modules). */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run from inside the TokenFence repository");
        }
        return dir;
    }

    public List<ServiceProcess> authServices() {
        return authServices;
    }

    public List<ServiceProcess> resourceServers() {
        return resourceServers;
    }

    /** The stack's own broker; null with {@link #withExternalServices external services}. */
    public ProcessKafkaBroker kafka() {
        return kafka;
    }

    /** The stack's own Redis; null with {@link #withExternalServices external services}. */
    public LocalRedisServer redis() {
        return redis;
    }

    private List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(authServices);
        all.addAll(resourceServers);
        return all;
    }

    public StackPorts ports() {
        return ports;
    }

    /** Stops everything, services first, then Kafka and Redis; nothing is left listening. */
    @Override
    public void close() {
        List<ServiceProcess> services = all();
        services.parallelStream().forEach(ServiceProcess::close);
        if (kafka != null) {
            kafka.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
