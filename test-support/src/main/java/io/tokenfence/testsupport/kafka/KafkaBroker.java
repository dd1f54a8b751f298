package io.tokenfence.testsupport.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A real Kafka broker that this JVM started and must stop. */
public interface KafkaBroker extends AutoCloseable {

    /** The {@code bootstrap.servers} value, e.g. {@code 127.0.0.1:39617}. */
    String bootstrapServers();

    /** What backs it, for the log: "container apache/kafka:4.1.0", "in-process KRaft broker (spring-kafka-test)". */
    String description();

    /** Creates {@code topic} with {@code partitions} partitions (replication factor 1); a topic that exists is kept. */
    default void createTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + topic, e);
        }
    }

    /** Stops the broker; idempotent. */
    @Override
    void close();
}
