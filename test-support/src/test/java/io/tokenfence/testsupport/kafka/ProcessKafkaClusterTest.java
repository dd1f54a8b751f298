package io.tokenfence.testsupport.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessKafkaClusterTest {

    private static final String TOPIC = "replicated";

    @Test
    void withOneOfThreeBrokersDownAcksAllWritesStillSucceedAndTheRestartedBrokerRejoinsTheIsr() throws Exception {
        try (ProcessKafkaCluster cluster = ProcessKafkaCluster.start(3);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3)
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> isr(admin) == 3);

            try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "all three up")).get(30, TimeUnit.SECONDS);

                cluster.broker(1).kill();
                assertThat(cluster.broker(1).isRunning()).isFalse();
                await().atMost(Duration.ofSeconds(30)).until(() -> isr(admin) == 2);
                producer.send(new ProducerRecord<>(TOPIC, "k", "one broker down")).get(30, TimeUnit.SECONDS);

                cluster.broker(1).start();
                await().atMost(Duration.ofSeconds(60)).until(() -> isr(admin) == 3);
            }

            // Bootstrapped through the restarted broker alone, and nothing acknowledged while it was down is missing.
            assertThat(TopicRecords.readAll(cluster.broker(1).bootstrapServers(), TOPIC))
                    .containsExactly("all three up", "one broker down");
        }
    }

    private static int isr(Admin admin) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(TOPIC);
        return description.partitions().get(0).isr().size();
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }
}
