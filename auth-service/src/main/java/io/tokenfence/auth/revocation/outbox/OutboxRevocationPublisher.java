package io.tokenfence.auth.revocation.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tokenfence.auth.revocation.Revocation;
import io.tokenfence.auth.revocation.RevocationPublisher;
import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.events.RevocationEventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes revocations to Kafka without losing any: the event is first written to the Redis {@link RevocationOutbox}
 * (synchronously, before the client gets its answer), then sent; only Kafka's acknowledgement removes it. Whatever is
 * not acknowledged, because Kafka is down or because this instance died, is sent again by the {@link #relay()} of any
 * instance. Delivery is therefore at least once; consumers drop duplicates by event id.
 *
 * <p>Sends run on one dedicated thread: a producer blocks for metadata while Kafka is unreachable, and that must never
 * hold a request thread.
 */
public final class OutboxRevocationPublisher implements RevocationPublisher, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRevocationPublisher.class);
    private static final int RELAY_BATCH = 200;

    private final RevocationOutbox outbox;
    private final KafkaTemplate<String, byte[]> kafka;
    private final RevocationEventCodec codec;
    private final OutboxProperties properties;
    private final Clock clock;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tokenfence-revocation-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<RevocationEvent.Kind, Counter> published = new java.util.EnumMap<>(RevocationEvent.Kind.class);
    private final Counter sendFailures;
    private final Timer publishLatency;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile Instant pausedUntil = Instant.EPOCH;

    public OutboxRevocationPublisher(RevocationOutbox outbox, KafkaTemplate<String, byte[]> kafka,
                                     RevocationEventCodec codec, OutboxProperties properties, Clock clock,
                                     MeterRegistry registry) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
        for (RevocationEvent.Kind kind : RevocationEvent.Kind.values()) {
            published.put(kind, Counter.builder("tokenfence.revocation.events.published")
                    .description("Revocation events acknowledged by Kafka").tag("kind", kind.name().toLowerCase())
                    .register(registry));
        }
        sendFailures = Counter.builder("tokenfence.revocation.events.send.failures")
                .description("Attempts to send a revocation event that Kafka did not acknowledge").register(registry);
        publishLatency = Timer.builder("tokenfence.revocation.publish.latency")
                .description("Revocation decided to Kafka acknowledgement").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Gauge.builder("tokenfence.revocation.outbox.backlog", backlog, AtomicLong::get)
                .description("Revocation events waiting in the outbox for Kafka (sampled by the relay)")
                .register(registry);
    }

    @Override
    public void publish(Revocation revocation) {
        RevocationEvent event = RevocationEvents.from(revocation);
        byte[] encoded = codec.encode(event);
        String id = event.id().toString();
        // Durable before the client hears "revoked": from here on any instance can deliver it.
        outbox.add(id, encoded, clock.instant().plus(properties.retryAfter()));
        sender.execute(() -> send(id, event.key(), encoded, event.issuedAt(), event.kind()));
    }

    /**
     * Connects the producer ahead of the first revocation: fetching the topic's metadata makes the producer connect,
     * learn the partition leaders and obtain its idempotent producer id, which otherwise costs the first logout
     * hundreds of milliseconds of propagation.
     */
    public void connect() {
        sender.execute(() -> {
            try {
                kafka.partitionsFor(properties.topic());
            } catch (RuntimeException e) {
                log.warn("Kafka is not reachable yet ({}); revocations wait in the outbox until it is",
                        e.getMessage());
            }
        });
    }

    /** Sends what is due in the outbox; called on a schedule by every instance. */
    public void relay() {
        sender.execute(this::relayNow);
    }

    private void relayNow() {
        Instant now = clock.instant();
        try {
            backlog.set(outbox.backlog());
            if (now.isBefore(pausedUntil)) {
                return;
            }
            Map<String, byte[]> due = outbox.due(now, RELAY_BATCH);
            for (Map.Entry<String, byte[]> entry : due.entrySet()) {
                outbox.postpone(entry.getKey(), now.plus(properties.retryAfter()));
                var decoded = codec.decode(entry.getValue());
                if (!(decoded instanceof io.tokenfence.filter.events.DecodeResult.Decoded ok)) {
                    log.error("Outbox entry {} cannot be decoded and is dropped: {}", entry.getKey(), decoded);
                    outbox.remove(entry.getKey());
                    continue;
                }
                RevocationEvent event = ok.event();
                if (!send(entry.getKey(), event.key(), entry.getValue(), event.issuedAt(), event.kind())) {
                    break; // Kafka is unreachable: leave the rest for the next round
                }
            }
        } catch (RuntimeException e) {
            log.warn("Revocation relay round failed: {}", e.getMessage());
        }
    }

    /** Sends one event; false when the send could not even be started (no metadata: Kafka unreachable). */
    private boolean send(String id, String key, byte[] event, Instant issuedAt, RevocationEvent.Kind kind) {
        try {
            kafka.send(properties.topic(), key, event).whenComplete((result, failure) -> {
                if (failure == null) {
                    delivered(id, issuedAt, kind);
                } else {
                    failed(id, failure);
                }
            });
            return true;
        } catch (RuntimeException e) {
            failed(id, e);
            return false;
        }
    }

    private void delivered(String id, Instant issuedAt, RevocationEvent.Kind kind) {
        // Runs on Kafka's producer I/O thread: the removal is not awaited. Should it fail, Kafka has the event anyway;
        // the relay sends it once more and consumers drop the duplicate.
        try {
            outbox.remove(id).whenComplete((done, failure) -> {
                if (failure != null) {
                    log.debug("Could not remove delivered event {} from the outbox: {}", id, failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            log.debug("Could not remove delivered event {} from the outbox: {}", id, e.getMessage());
        }
        published.get(kind).increment();
        publishLatency.record(Duration.between(issuedAt, clock.instant()).abs());
        synchronized (this) {
            if (consecutiveFailures.getAndSet(0) > 0) {
                log.info("Kafka acknowledges revocation events again");
                pausedUntil = Instant.EPOCH;
            }
        }
    }

    /**
     * Pauses the relay with a backoff that doubles per failed pause window, not per failed event: while Kafka is down
     * every queued event fails within the same window, and counting each of them would jump straight to the longest
     * pause and delay delivery by that much once Kafka is back. The event itself is only postponed by
     * {@code retry-after}, so another instance whose relay is not paused may deliver it.
     */
    private void failed(String id, Throwable failure) {
        sendFailures.increment();
        Instant now = clock.instant();
        int failures = 0;
        synchronized (this) {
            if (!now.isBefore(pausedUntil)) {
                failures = consecutiveFailures.incrementAndGet();
                long backoffMillis = Math.min(properties.maxRetryBackoff().toMillis(),
                        properties.retryAfter().toMillis() * (1L << Math.min(failures - 1, 10)));
                pausedUntil = now.plusMillis(backoffMillis);
            }
        }
        if (failures == 1) {
            log.warn("Kafka did not acknowledge revocation event {} ({}); it stays in the outbox and is retried",
                    id, failure.getMessage());
        }
        try {
            outbox.postpone(id, now.plus(properties.retryAfter()));
        } catch (RuntimeException e) {
            log.debug("Could not postpone event {}: {}", id, e.getMessage());
        }
    }

    /** Until when the relay of this instance waits before trying Kafka again. */
    Instant pausedUntil() {
        return pausedUntil;
    }

    @Override
    public void destroy() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
    }
}
