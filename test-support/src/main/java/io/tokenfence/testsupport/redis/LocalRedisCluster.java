package io.tokenfence.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of {@code redis-server} child processes on free loopback ports: every node a master (no replicas),
 * the 16384 slots split between them by {@code redis-cli --cluster create}. It needs {@code redis-server} 7 and
 * {@code redis-cli} on PATH ({@code apt-get install redis-server} brings both).
 *
 * <p>Each node gets its own working directory, its own {@code nodes.conf} and an explicit cluster-bus port (Redis 7's
 * {@code cluster-port}), so no node depends on {@code port + 10000} being free.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final List<LocalRedisServer> nodes;
    private final Path dir;

    private LocalRedisCluster(List<LocalRedisServer> nodes, Path dir) {
        this.nodes = List.copyOf(nodes);
        this.dir = dir;
    }

    /** Starts {@code masters} nodes (at least 3, as Redis Cluster requires), creates the cluster and waits for it. */
    public static LocalRedisCluster start(int masters) {
        if (masters < 3) {
            throw new IllegalArgumentException("A Redis Cluster needs at least 3 masters, was " + masters);
        }
        File server = RedisExecutables.onPath().orElseThrow(() -> new IllegalStateException(
                "A Redis Cluster needs redis-server 7 on PATH (apt-get install redis-server)"));
        File cli = onPath("redis-cli").orElseThrow(() -> new IllegalStateException(
                "A Redis Cluster needs redis-cli on PATH (apt-get install redis-tools)"));
        List<LocalRedisServer> started = new ArrayList<>();
        try {
            Path dir = Files.createTempDirectory("tokenfence-redis-cluster-");
            for (int i = 0; i < masters; i++) {
                int port = RedisServers.freePort();
                int busPort = RedisServers.freePort();
                started.add(LocalRedisServer.start(server, "cluster node " + (i + 1), LocalRedisServer.Options
                        .onPort(port)
                        .inDirectory(dir.resolve("node-" + (i + 1)))
                        .withArguments("--cluster-enabled", "yes",
                                "--cluster-config-file", "nodes.conf",
                                "--cluster-port", Integer.toString(busPort),
                                "--cluster-node-timeout", "5000")));
            }
            LocalRedisCluster cluster = new LocalRedisCluster(started, dir);
            cluster.create(cli);
            cluster.awaitStateOk();
            return cluster;
        } catch (IOException | RuntimeException e) {
            started.forEach(LocalRedisServer::close);
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Could not start a Redis Cluster: " + e.getMessage(), e);
        }
    }

    private void create(File cli) throws IOException {
        List<String> command = new ArrayList<>(List.of(cli.getAbsolutePath(), "--cluster", "create"));
        nodes.forEach(node -> command.add(node.endpoint().host() + ":" + node.endpoint().port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = dir.resolve("cluster-create.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the Redis Cluster", e);
        }
    }

    /** Waits until every node reports {@code cluster_state:ok} with all 16384 slots served. */
    private void awaitStateOk() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (nodes.stream().allMatch(node -> isOk(node.endpoint()))) {
                return;
            }
            try {
                // A bounded poll of child processes agreeing on the cluster; there is nothing to wait on instead.
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Redis Cluster", e);
            }
        }
        close();
        throw new IllegalStateException("The Redis Cluster did not reach cluster_state:ok within " + READY_TIMEOUT
                + "; see " + dir);
    }

    private static boolean isOk(RedisEndpoint node) {
        try {
            String info = clusterInfo(node);
            return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The node's {@code CLUSTER INFO} text. */
    public static String clusterInfo(RedisEndpoint node) {
        return (String) RedisCommands.call(node, COMMAND_TIMEOUT, "CLUSTER", "INFO");
    }

    /** The nodes, all masters. */
    public List<RedisEndpoint> nodes() {
        return nodes.stream().map(LocalRedisServer::endpoint).toList();
    }

    /** {@code host:port,host:port,...}, the form of {@code spring.data.redis.cluster.nodes}. */
    public String nodeAddresses() {
        return nodes().stream().map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
    }

    /** The working directory holding each node's directory and log. */
    public Path directory() {
        return dir;
    }

    /** Stops every node cleanly (SIGTERM). */
    @Override
    public void close() {
        nodes.parallelStream().forEach(LocalRedisServer::close);
    }

    private static Optional<File> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (!entry.isBlank() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toFile());
            }
        }
        return Optional.empty();
    }
}
