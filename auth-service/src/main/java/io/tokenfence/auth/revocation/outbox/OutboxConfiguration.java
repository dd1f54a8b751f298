package io.tokenfence.auth.revocation.outbox;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.filter.events.RevocationEventCodec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Revocations to Kafka through the Redis outbox ({@code tokenfence.auth.revocations.transport=kafka}, the default).
 * Kafka is configured the Spring Boot way ({@code spring.kafka.bootstrap-servers}, security, SSL); the settings that
 * make delivery safe are forced below.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
@ConditionalOnProperty(name = "tokenfence.auth.revocations.transport", havingValue = "kafka", matchIfMissing = true)
class OutboxConfiguration {

    @Bean
    RevocationOutbox revocationOutbox(RedissonClient redisson, AuthProperties properties) {
        return new RevocationOutbox(redisson, properties.redis().keyPrefix());
    }

    @Bean
    KafkaTemplate<String, byte[]> revocationKafkaTemplate(KafkaProperties kafka, KafkaConnectionDetails connection) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // No acknowledged event may be lost or duplicated by the producer itself.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Revocations are rare and urgent: send at once.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Fail fast when Kafka is unreachable; the outbox relay retries, so the producer need not wait long.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    NewTopic revocationTopic(OutboxProperties outbox, AuthProperties auth) {
        long minimum = auth.accessToken().ttl().plusMinutes(1).toMillis();
        if (outbox.retention().toMillis() < minimum) {
            throw new IllegalArgumentException("tokenfence.auth.revocations.retention (" + outbox.retention()
                    + ") must be at least the access-token lifetime plus a minute (" + minimum + " ms)");
        }
        TopicBuilder topic = TopicBuilder.name(outbox.topic()).partitions(outbox.partitions())
                .replicas(outbox.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(outbox.retention().toMillis()));
        if (outbox.minInsyncReplicas() != null) {
            // With the producer's acks=all, Kafka acknowledges a revocation only once this many replicas hold it.
            topic.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(outbox.minInsyncReplicas()));
        }
        return topic.build();
    }

    @Bean
    OutboxRevocationPublisher outboxRevocationPublisher(RevocationOutbox outbox,
                                                        KafkaTemplate<String, byte[]> revocationKafkaTemplate,
                                                        OutboxProperties properties, Clock clock,
                                                        MeterRegistry registry) {
        return new OutboxRevocationPublisher(outbox, revocationKafkaTemplate, new RevocationEventCodec(), properties,
                clock, registry);
    }

    @Bean
    OutboxRelaySchedule outboxRelaySchedule(OutboxRevocationPublisher publisher) {
        return new OutboxRelaySchedule(publisher);
    }

    /** Drains the outbox on every instance. */
    static final class OutboxRelaySchedule {

        private final OutboxRevocationPublisher publisher;

        OutboxRelaySchedule(OutboxRevocationPublisher publisher) {
            this.publisher = publisher;
        }

        @EventListener(ApplicationReadyEvent.class)
        void connect() {
            publisher.connect();
        }

        @Scheduled(initialDelayString = "1s", fixedDelayString = "${tokenfence.auth.revocations.relay-interval:500ms}")
        void relay() {
            publisher.relay();
        }
    }
}
