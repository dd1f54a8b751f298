package io.tokenfence.testsupport.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tokenfence.testsupport.redis.RedisServers;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft Kafka cluster of {@link ProcessKafkaBroker} child JVMs on free loopback ports: every node is both broker and
 * controller, and the nodes form the controller quorum, so the cluster keeps working (topics with replication factor
 * 3 and {@code min.insync.replicas=2} included) while any one node is down. {@link #broker(int)} gives a node to
 * {@link ProcessKafkaBroker#kill() kill} or {@link ProcessKafkaBroker#close() stop} and {@link ProcessKafkaBroker#start()
 * start} again with its data.
 *
 * <p>The brokers keep Kafka's default {@code auto.create.topics.enable=true}, the setting a careless production
 * cluster has, so tests show that nothing of ours creates a topic by accident.
 */
public final class ProcessKafkaCluster implements KafkaBroker {

    private final List<ProcessKafkaBroker> brokers;
    private final Path dir;

    private ProcessKafkaCluster(List<ProcessKafkaBroker> brokers, Path dir) {
        this.brokers = List.copyOf(brokers);
        this.dir = dir;
    }

    /** Formats and starts {@code size} nodes (at least 3) and waits until every one serves metadata. */
    public static ProcessKafkaCluster start(int size) {
        if (size < 3) {
            throw new IllegalArgumentException("A cluster that survives the loss of a broker needs 3 nodes, was " + size);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("tokenfence-kafka-cluster-");
        } catch (IOException e) {
            throw new IllegalStateException("Could not create a directory for Kafka: " + e.getMessage(), e);
        }
        int[] ports = IntStream.range(0, size).map(i -> RedisServers.freePort()).toArray();
        int[] controllerPorts = IntStream.range(0, size).map(i -> RedisServers.freePort()).toArray();
        String voters = IntStream.range(0, size).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<ProcessKafkaBroker> brokers = new ArrayList<>();
        try {
            // Each format is a JVM of its own: run them side by side.
            brokers.addAll(IntStream.range(0, size).parallel().mapToObj(i -> ProcessKafkaBroker.prepare(
                    new ProcessKafkaBroker.Node(i + 1, ports[i], controllerPorts[i], voters, 3, clusterId),
                    dir.resolve("broker-" + (i + 1)))).toList());
            // A controller cannot elect a leader alone: launch every node before waiting for any.
            brokers.forEach(ProcessKafkaBroker::launch);
            brokers.forEach(ProcessKafkaBroker::awaitReady);
            return new ProcessKafkaCluster(brokers, dir);
        } catch (RuntimeException e) {
            brokers.forEach(ProcessKafkaBroker::kill);
            throw e;
        }
    }

    /** The broker with this index (0-based; its {@code node.id} is {@code index + 1}). */
    public ProcessKafkaBroker broker(int index) {
        return brokers.get(index);
    }

    public List<ProcessKafkaBroker> brokers() {
        return brokers;
    }

    /** Every broker's address, so a client still finds the cluster when one of them is down. */
    @Override
    public String bootstrapServers() {
        return brokers.stream().map(ProcessKafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    @Override
    public String description() {
        return brokers.size() + "-node KRaft cluster (" + bootstrapServers() + ") in " + dir;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Stops the brokers one after another (SIGTERM, controlled shutdown) while a controller quorum remains, then kills
     * the rest: a node left without a quorum waits out Kafka's shutdown timeouts (tens of seconds) for nothing, and the
     * cluster's data is thrown away anyway. Stopping all at once would leave every node in that state.
     */
    @Override
    public void close() {
        int quorum = brokers.size() / 2 + 1;
        for (int i = 0; i < brokers.size(); i++) {
            ProcessKafkaBroker broker = brokers.get(i);
            long stillRunningAfter = brokers.stream().skip(i + 1).filter(ProcessKafkaBroker::isRunning).count();
            if (stillRunningAfter + 1 >= quorum && broker.isRunning()) {
                broker.close();
            } else {
                broker.kill();
            }
        }
    }
}
