package io.tokenfence.auth.revocation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tokenfence.auth.revocation.outbox.RevocationOutbox;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import io.tokenfence.filter.events.DecodeResult;
import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.events.RevocationEventCodec;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every revocation becomes an event on the real Kafka topic, and the outbox empties once Kafka acknowledges. */
class RevocationEventsPublishedTest extends AuthServiceTestBase {

    private final RevocationEventCodec codec = new RevocationEventCodec();
    private final List<RevocationEvent> received = new CopyOnWriteArrayList<>();
    private KafkaConsumer<String, byte[]> consumer;
    private Thread poller;
    private volatile boolean polling = true;

    @Autowired
    private RevocationOutbox outbox;

    @BeforeEach
    void subscribe() {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServicesExtension.kafka()),
                new StringDeserializer(), new ByteArrayDeserializer());
        String topic = RealServicesExtension.kafkaTopic();
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before the test publishes
        poller = new Thread(() -> {
            while (polling) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (codec.decode(record.value()) instanceof DecodeResult.Decoded decoded) {
                        received.add(decoded.event());
                    }
                });
            }
            consumer.close();
        }, "test-revocation-reader");
        poller.start();
    }

    @AfterEach
    void unsubscribe() throws InterruptedException {
        polling = false;
        poller.join(10_000);
    }

    @Test
    void logoutPublishesASessionEventKeyedBySubject() {
        Tokens login = api.loginOk("alice", "alice-password");

        assertThat(api.logoutWithRefreshToken(login.refreshToken()).status()).isEqualTo(204);

        RevocationEvent event = awaitEvent(RevocationEvent.Reason.LOGOUT);
        assertThat(event.kind()).isEqualTo(RevocationEvent.Kind.SESSION);
        assertThat(event.sid()).isEqualTo(login.sessionId());
        assertThat(event.sub()).isEqualTo("alice");
        assertThat(event.notBefore()).isAfterOrEqualTo(event.issuedAt());
        assertThat(event.expiresAt()).isAfter(event.issuedAt().plus(Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.backlog() == 0);
    }

    @Test
    void logoutAllAdminRevokeReuseAndSessionDeletionEachPublishTheirKindAndReason() {
        Tokens first = api.loginOk("alice", "alice-password");
        Tokens second = api.loginOk("alice", "alice-password");
        api.delete("/auth/sessions/" + second.sessionId(), first.accessToken());
        awaitEvent(RevocationEvent.Reason.SESSION_DELETED);

        String rotatedOut = first.refreshToken();
        api.refresh(rotatedOut);
        clock.advance(Duration.ofSeconds(11));
        api.refresh(rotatedOut);
        assertThat(awaitEvent(RevocationEvent.Reason.REUSE_DETECTED).sid()).isEqualTo(first.sessionId());

        Tokens third = api.loginOk("alice", "alice-password");
        api.post("/auth/logout-all", third.accessToken());
        assertThat(awaitEvent(RevocationEvent.Reason.LOGOUT_ALL).kind()).isEqualTo(RevocationEvent.Kind.USER);

        Tokens admin = api.loginOk("admin", "admin-password");
        api.post("/admin/users/alice/revoke", admin.accessToken());
        RevocationEvent ban = awaitEvent(RevocationEvent.Reason.ADMIN_REVOKE);
        assertThat(ban.kind()).isEqualTo(RevocationEvent.Kind.USER);
        assertThat(ban.sub()).isEqualTo("alice");
    }

    private RevocationEvent awaitEvent(RevocationEvent.Reason reason) {
        return await().atMost(Duration.ofSeconds(15))
                .until(() -> received.stream().filter(e -> e.reason() == reason).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
