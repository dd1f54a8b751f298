package io.tokenfence.auth.revocation.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.tokenfence.testsupport.junit.RealServices;
import io.tokenfence.testsupport.redis.RedisEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

@RealServices
class RevocationOutboxTest {

    private RedissonClient redisson;
    private RevocationOutbox outbox;
    private RedisEndpoint redis;

    @BeforeEach
    void setUp(RedisEndpoint redis) {
        this.redis = redis;
        Config config = new Config();
        config.useSingleServer().setAddress(redis.uri());
        redisson = Redisson.create(config);
        outbox = new RevocationOutbox(redisson, "tokenfence-test-" + UUID.randomUUID());
    }

    @AfterEach
    void tearDown() {
        redisson.shutdown();
    }

    @Test
    void anAddedEventIsDueAtItsRetryInstantAndGoneOnceRemoved() {
        Instant retryAt = Instant.now().plusSeconds(5);
        outbox.add("event-1", new byte[] {1, 2, 3}, retryAt);

        assertThat(outbox.due(retryAt.minusMillis(1), 10)).isEmpty();
        assertThat(outbox.due(retryAt, 10)).containsOnlyKeys("event-1");
        assertThat(outbox.backlog()).isEqualTo(1);

        outbox.remove("event-1").toCompletableFuture().join();
        assertThat(outbox.due(retryAt, 10)).isEmpty();
        assertThat(outbox.backlog()).isZero();
    }

    /**
     * The caller of a removal is Kafka's producer I/O thread, in the acknowledgement of a delivered event: a slow
     * Redis must not hold it, or every later acknowledgement (and the next revocations' delivery) waits behind it.
     */
    @Test
    void removingADeliveredEventReturnsWithoutWaitingForRedis() throws IOException {
        outbox.add("event-1", new byte[] {1}, Instant.now());
        pauseRedisWrites(Duration.ofSeconds(3));

        long start = System.nanoTime();
        CompletableFuture<Void> removal = outbox.remove("event-1").toCompletableFuture();
        Duration returnedAfter = Duration.ofNanos(System.nanoTime() - start);

        assertThat(removal).isNotDone();
        assertThat(returnedAfter).isLessThan(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(removal::isDone);
        assertThat(removal).isCompleted();
        assertThat(outbox.backlog()).isZero();
    }

    /** Redis's own CLIENT PAUSE: commands that write wait until the pause ends, as behind a slow or failing-over Redis. */
    private void pauseRedisWrites(Duration pause) throws IOException {
        try (Socket socket = new Socket(redis.host(), redis.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("CLIENT PAUSE " + pause.toMillis() + " WRITE\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            int read = in.readNBytes(reply, 0, reply.length);
            assertThat(new String(reply, 0, read, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        }
    }
}
