package io.tokenfence.testsupport.kafka;

import java.nio.file.Path;
import java.util.Map;

import io.tokenfence.testsupport.redis.RedisServers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessKafkaBrokerTest {

    @Test
    void killedBrokerRestartsWithItsRecordsOnTheSamePort() throws Exception {
        ProcessKafkaBroker broker = ProcessKafkaBroker.start(RedisServers.freePort(), RedisServers.freePort(), null);
        try {
            broker.createTopic("survivors", 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("survivors", "k", "before the crash")).get();
            }

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            assertThat(TopicRecords.readAll(broker.bootstrapServers(), "survivors"))
                    .containsExactly("before the crash");
        } finally {
            broker.close();
        }
    }

    @Test
    void aBrokerStartedAgainInTheDirectoryOfAnEarlierRunKeepsItsRecords(@TempDir Path dir) throws Exception {
        ProcessKafkaBroker first = ProcessKafkaBroker.start(RedisServers.freePort(), RedisServers.freePort(), dir);
        try {
            first.createTopic("kept", 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "from the first run")).get();
            }
        } finally {
            first.close();
        }

        // A new run of the local stack: a new broker object, new ports, the same directory.
        ProcessKafkaBroker second = ProcessKafkaBroker.start(RedisServers.freePort(), RedisServers.freePort(), dir);
        try {
            assertThat(TopicRecords.readAll(second.bootstrapServers(), "kept")).containsExactly("from the first run");
        } finally {
            second.close();
        }
    }
}
