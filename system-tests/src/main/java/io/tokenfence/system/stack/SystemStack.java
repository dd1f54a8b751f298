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
 */
public final class SystemStack implements AutoCloseable {

    /** Every instance uses one issuer, so tokens of any auth instance verify on every resource server. */
    public static final String ISSUER = "http://localhost:8080";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

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

    /** Starts everything and waits until every service reports ready. */
    public SystemStack start() throws Exception {
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
            resourceServers.add(new ServiceProcess("resource-" + (char) ('a' + i),
                    root.resolve("demo-resource-server/target/demo-resource-server-0.1.0-SNAPSHOT.jar"),
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
        return this;
    }

    private void startRedis() {
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
    public void restartRedis() {
        redis.close();
        startRedis();
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
