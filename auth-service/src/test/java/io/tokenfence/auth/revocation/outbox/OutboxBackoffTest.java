package io.tokenfence.auth.revocation.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.auth.revocation.Revocation;
import io.tokenfence.auth.revocation.RevocationReason;
import io.tokenfence.auth.testing.MutableClock;
import io.tokenfence.filter.events.RevocationEventCodec;
import io.tokenfence.testsupport.junit.RealServices;
import io.tokenfence.testsupport.redis.RedisEndpoint;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * While Kafka is unreachable, a burst of revocations must not push the relay's pause to its maximum: the backoff grows
 * per failed pause window, and each event stays due again after {@code retry-after}, so delivery resumes quickly
 * once Kafka is back.
 */
@RealServices
class OutboxBackoffTest {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RedissonClient redisson;
    private DefaultKafkaProducerFactory<String, byte[]> producers;
    private OutboxRevocationPublisher publisher;
    private RevocationOutbox outbox;

    @BeforeEach
    void setUp(RedisEndpoint redis) throws IOException {
        Config config = new Config();
        config.useSingleServer().setAddress(redis.uri());
        redisson = Redisson.create(config);
        outbox = new RevocationOutbox(redisson, "tokenfence-test-" + UUID.randomUUID() + ":");
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + portNobodyListensOn(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 100,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        OutboxProperties properties = new OutboxProperties(OutboxProperties.Transport.KAFKA, "revocations", 1,
                (short) 1, null, Duration.ofHours(1), RETRY_AFTER, Duration.ofMillis(500), MAX_BACKOFF);
        publisher = new OutboxRevocationPublisher(outbox, new KafkaTemplate<>(producers), new RevocationEventCodec(),
                properties, clock, registry);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        publisher.destroy();
        producers.destroy();
        redisson.shutdown();
    }

    @Test
    void aBurstOfFailedSendsPausesTheRelayOnceAndEveryEventIsDueAgainAfterRetryAfter() {
        Instant now = clock.instant();
        for (int i = 0; i < 12; i++) {
            publisher.publish(Revocation.ofSession("user-" + i, "sid-" + i, now, now, now.plusSeconds(600),
                    RevocationReason.LOGOUT));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> registry.counter(
                "tokenfence.revocation.events.send.failures").count() == 12);
        assertThat(outbox.backlog()).isEqualTo(12);
        assertThat(outbox.due(now, 100)).as("nothing is retried before retry-after").isEmpty();
        assertThat(outbox.due(now.plus(RETRY_AFTER), 100)).hasSize(12);
        assertThat(publisher.pausedUntil()).as("one failed window pauses for retry-after, not the maximum")
                .isEqualTo(now.plus(RETRY_AFTER));
    }

    @Test
    void theBackoffDoublesPerFailedWindowUpToTheMaximum() {
        Instant start = clock.instant();
        Duration expected = RETRY_AFTER;
        for (int window = 0; window < 6; window++) {
            Instant now = clock.instant();
            publisher.publish(Revocation.ofSession("user", "sid-" + window, now, now, now.plusSeconds(600),
                    RevocationReason.LOGOUT));
            Instant pause = now.plus(expected);
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.pausedUntil().equals(pause));
            clock.advance(Duration.between(clock.instant(), pause));
            expected = expected.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : expected.multipliedBy(2);
        }
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(2 + 4 + 8 + 16 + 30 + 30));
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
