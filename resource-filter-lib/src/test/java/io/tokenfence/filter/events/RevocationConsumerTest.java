package io.tokenfence.filter.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.filter.blacklist.CaffeineBlacklist;
import io.tokenfence.filter.verify.VerifiedToken;
import io.tokenfence.testsupport.junit.RealServices;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The revocation consumer against a real Kafka broker: poison records, replay on start, readiness. */
@RealServices
class RevocationConsumerTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private final RevocationEventCodec codec = new RevocationEventCodec();
    private final List<RevocationConsumer> consumers = new ArrayList<>();
    private KafkaProducer<String, byte[]> producer;
    private String topic;

    @BeforeEach
    void setUp() {
        topic = RealServicesExtension.kafkaTopic();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServicesExtension.kafka(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        consumers.forEach(RevocationConsumer::close);
        producer.close();
    }

    @Test
    void malformedRecordsAndUnknownKindsAreSkippedAndTheNextValidEventStillApplies() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CaffeineBlacklist blacklist = blacklist();
        consumer(blacklist, registry);
        Instant now = Instant.now();

        send("alice", "{not json".getBytes(StandardCharsets.UTF_8));
        send("alice", ("{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"issued_at\":\"" + now
                + "\",\"kind\":\"device\",\"sub\":\"alice\",\"expires_at\":\"" + now.plusSeconds(600)
                + "\",\"reason\":\"logout\"}").getBytes(StandardCharsets.UTF_8));
        send("alice", new byte[0]);
        send("alice", codec.encode(RevocationEvent.session("alice", "s-after-poison",
                RevocationEvent.Reason.LOGOUT, now, now.plusSeconds(600))));

        await().atMost(BOUND).until(() -> blacklist.isRevoked(token("alice", "s-after-poison", now.minusSeconds(1))));
        assertThat(skipped(registry, "malformed")).isEqualTo(2.0);
        assertThat(skipped(registry, "unknown_kind")).isEqualTo(1.0);
    }

    @Test
    void aConsumerStartedLaterReplaysTheTopicAndIsCaughtUpOnlyOnceEveryEarlierEventIsApplied() throws Exception {
        Instant now = Instant.now();
        int events = 2_000;
        for (int i = 0; i < events; i++) {
            producer.send(new ProducerRecord<>(topic, "user-" + i, codec.encode(RevocationEvent.session("user-" + i,
                    "s-" + i, RevocationEvent.Reason.LOGOUT, now, now.plusSeconds(600)))));
        }
        producer.flush();

        CaffeineBlacklist blacklist = blacklist();
        RevocationConsumer consumer = consumer(blacklist, new SimpleMeterRegistry());

        await().atMost(BOUND).pollInterval(Duration.ofMillis(1)).until(consumer::isCaughtUp);
        // Read at once, no waiting: "caught up" (readiness) must never come before the replayed events apply.
        for (int i = 0; i < events; i += 97) {
            assertThat(blacklist.isRevoked(token("user-" + i, "s-" + i, now.minusSeconds(1)))).as("event %d", i)
                    .isTrue();
        }
        assertThat(blacklist.isRevoked(token("user-" + (events - 1), "s-" + (events - 1), now.minusSeconds(1))))
                .isTrue();
    }

    @Test
    void aTokenIssuedAfterAUserLevelRevocationIsStillAccepted() throws Exception {
        CaffeineBlacklist blacklist = blacklist();
        consumer(blacklist, new SimpleMeterRegistry());
        Instant revokedAt = Instant.now();

        send("bob", codec.encode(RevocationEvent.user("bob", RevocationEvent.Reason.ADMIN_REVOKE, revokedAt,
                revokedAt.plusSeconds(600))));

        await().atMost(BOUND).until(() -> blacklist.isRevoked(token("bob", "any", revokedAt.minusSeconds(1))));
        assertThat(blacklist.isRevoked(token("bob", "new-session", revokedAt.plusSeconds(1)))).isFalse();
    }

    @Test
    void theConsumerNeverAsksTheBrokerToAutoCreateTheTopicEvenWhenTheApplicationAllowedIt() {
        RevocationConsumer consumer = new RevocationConsumer(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServicesExtension.kafka(),
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true), topic,
                Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofMillis(500), codec, blacklist(),
                Clock.systemUTC(), new SimpleMeterRegistry());

        // Otherwise a resource server that starts before auth-service creates the topic with the broker's defaults
        // (one replica) on a broker that allows auto-creation; the multi-broker scale-out tests show it end to end.
        assertThat(consumer.consumerProperties()).containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    }

    private void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static CaffeineBlacklist blacklist() {
        return new CaffeineBlacklist(Clock.systemUTC(), Ticker.systemTicker(), 100_000, new SimpleMeterRegistry());
    }

    private RevocationConsumer consumer(CaffeineBlacklist blacklist, SimpleMeterRegistry registry) {
        RevocationConsumer consumer = new RevocationConsumer(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServicesExtension.kafka()), topic,
                Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofMillis(500), codec, blacklist,
                Clock.systemUTC(), registry);
        consumers.add(consumer);
        consumer.start();
        return consumer;
    }

    private static double skipped(SimpleMeterRegistry registry, String problem) {
        return registry.get("tokenfence.filter.revocations.skipped").tag("problem", problem).counter().count();
    }

    private static VerifiedToken token(String sub, String sid, Instant issuedAt) {
        return new VerifiedToken(sub, sid, "jti-" + UUID.randomUUID(), issuedAt, issuedAt.plusSeconds(300),
                List.of("user"), Map.of(), Map.of());
    }
}
