package io.tokenfence.testsupport.kafka;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in a child JVM, on fixed loopback ports and a data directory that survives a
 * restart, so tests and the local stack can really stop it ({@link #kill()}, as {@code kill -9} would) and start it
 * again ({@link #start()}). It runs the {@code kafka.Kafka} main of the Kafka server artifacts on this JVM's class
 * path (spring-kafka-test brings them from Maven Central).
 */
public final class ProcessKafkaBroker implements KafkaBroker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int controllerPort;
    private final Path dir;
    private final Path config;
    private Process process;

    private ProcessKafkaBroker(int port, int controllerPort, Path dir) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.config = dir.resolve("server.properties");
    }

    /** Formats storage in {@code dir} (or a fresh temporary one when null) and starts the broker on {@code port}. */
    public static ProcessKafkaBroker start(int port, int controllerPort, Path dir) {
        ProcessKafkaBroker broker = prepare(new Node(1, port, controllerPort, "1@127.0.0.1:" + controllerPort, 1,
                Uuid.randomUuid().toString()), dir);
        broker.start();
        return broker;
    }

    /**
     * One node of a KRaft cluster: its id, its client and controller ports, the static controller quorum
     * ({@code id@host:port,...}), the replication factor of Kafka's internal topics and the cluster id every node's
     * storage is formatted with.
     */
    record Node(int nodeId, int port, int controllerPort, String voters, int internalReplicas, String clusterId) {
    }

    /** Writes the configuration and formats storage without starting the process (a quorum starts together). */
    static ProcessKafkaBroker prepare(Node node, Path dir) {
        try {
            Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("tokenfence-kafka-");
            ProcessKafkaBroker broker = new ProcessKafkaBroker(node.port(), node.controllerPort(), home);
            broker.writeConfig(node);
            broker.format(node.clusterId());
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare a Kafka broker: " + e.getMessage(), e);
        }
    }

    private void writeConfig(Node node) throws IOException {
        String replicas = Integer.toString(node.internalReplicas());
        // With one node every internal topic must make do with one replica; with more, one may be down.
        String minIsr = Integer.toString(Math.max(1, node.internalReplicas() - 1));
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.nodeId(),
                "controller.quorum.voters=" + node.voters(),
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=" + replicas,
                "transaction.state.log.replication.factor=" + replicas,
                "transaction.state.log.min.isr=" + minIsr,
                "share.coordinator.state.topic.replication.factor=" + replicas,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "group.initial.rebalance.delay.ms=0",
                // A cluster notices a dead node in seconds rather than the defaults' tens, so failover tests stay short.
                node.internalReplicas() > 1 ? "broker.session.timeout.ms=4000" : "",
                node.internalReplicas() > 1 ? "broker.heartbeat.interval.ms=1000" : "",
                node.internalReplicas() > 1 ? "replica.lag.time.max.ms=10000" : "",
                "");
        Files.writeString(config, properties);
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d %%-5level %%logger{36} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                </configuration>
                """.formatted(dir.resolve("kafka.log")));
    }

    private void format(String clusterId) {
        // Storage formatted by an earlier run (the local stack keeps its data directory) keeps its cluster id: Kafka
        // refuses to start a formatted directory under another one, even with --ignore-formatted.
        String id = formattedClusterId().orElse(clusterId);
        Process formatter = launch(List.of("kafka.tools.StorageTool", "format", "-t", id,
                "-c", config.toString(), "--ignore-formatted"), dir.resolve("format.log"));
        try {
            if (!formatter.waitFor(60, TimeUnit.SECONDS) || formatter.exitValue() != 0) {
                throw new IllegalStateException("Kafka storage format failed; see " + dir.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting Kafka storage", e);
        }
    }

    private Optional<String> formattedClusterId() {
        Path meta = dir.resolve("data").resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(meta).stream().filter(line -> line.startsWith("cluster.id="))
                    .map(line -> line.substring("cluster.id=".length()).trim()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Starts (or restarts) the broker process and waits until it serves metadata. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        launch();
        awaitReady();
    }

    /** Starts the process without waiting: the nodes of a quorum must all be launched before any can be ready. */
    synchronized void launch() {
        if (process == null || !process.isAlive()) {
            process = launch(List.of("kafka.Kafka", config.toString()), dir.resolve("stdout.log"));
        }
    }

    private Process launch(List<String> mainAndArgs, Path output) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not launch " + mainAndArgs.get(0) + ": " + e.getMessage(), e);
        }
    }

    void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see "
                        + dir.resolve("stdout.log") + " and " + dir.resolve("kafka.log"));
            }
            if (portOpen() && answersMetadata()) {
                return;
            }
            try {
                // A bounded poll for a child process to come up; there is nothing to wait on instead.
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka", e);
            }
        }
        kill();
        throw new IllegalStateException("Kafka did not start within " + START_TIMEOUT + "; see " + dir);
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersMetadata() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** Kills the broker process at once, as {@code kill -9} would; {@link #start()} brings it back with its data. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String description() {
        return "KRaft broker process on port " + port + " (" + dir + ")";
    }

    /** Stops the broker cleanly (SIGTERM). */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor(process);
        }
    }

    private static void waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
