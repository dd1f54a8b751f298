package io.tokenfence.filter.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.tokenfence.filter.blacklist.Blacklist;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Blacklist} current from the revocation topic, on a thread of its own.
 *
 * <p>Every instance must see every event, so this reads the topic the way Kafka Connect's {@code KafkaBasedLog} reads
 * its config topic: no consumer group, {@code assign} every partition, seek each one by timestamp to
 * {@code now - replayWindow} (the longest an access token revoked before this start could still be valid), read up to
 * the end offsets captured at start, then declare itself {@linkplain #isCaughtUp() caught up} and tail.
 *
 * <p>A record that cannot be decoded (malformed, unknown kind, newer version) is counted in
 * {@code tokenfence.filter.revocations.skipped}, logged once per kind of problem and skipped: one bad record must not
 * stop revocations behind it.
 *
 * <p>Staleness: {@link #lastContact()} is the last time the broker answered (a poll that returned records or a
 * periodic end-offsets probe). {@code poll} alone cannot tell, because it returns empty batches when the broker is
 * gone.
 *
 * <p>Partitions added to the topic after start are not picked up until restart.
 */
public final class RevocationConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RevocationConsumer.class);

    private final Map<String, Object> kafkaProperties;
    private final String topic;
    private final Duration replayWindow;
    private final Duration pollTimeout;
    private final Duration probeInterval;
    private final RevocationEventCodec codec;
    private final Blacklist blacklist;
    private final Clock clock;

    private final Timer propagation;
    private final Map<DecodeResult.Problem, Counter> skipped = new ConcurrentHashMap<>();
    private final Set<DecodeResult.Problem> warned = EnumSet.noneOf(DecodeResult.Problem.class);
    private final MeterRegistry registry;

    private final CountDownLatch closeRequested = new CountDownLatch(1);
    private final AtomicLong lastContactMillis;
    private final long startedMillis;
    private volatile boolean caughtUp;
    private volatile boolean closing;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param kafkaProperties consumer settings (bootstrap servers, security); the settings this class relies on are
     *                        forced, see {@link #consumerProperties()}
     * @param replayWindow    how far back to read on start: at least the longest access-token lifetime plus skew
     * @param probeInterval   how often to ask the broker for end offsets while no records arrive
     */
    public RevocationConsumer(Map<String, Object> kafkaProperties, String topic, Duration replayWindow,
            Duration pollTimeout, Duration probeInterval, RevocationEventCodec codec, Blacklist blacklist,
            Clock clock, MeterRegistry registry) {
        this.kafkaProperties = Map.copyOf(Objects.requireNonNull(kafkaProperties, "kafkaProperties"));
        this.topic = Objects.requireNonNull(topic, "topic");
        this.replayWindow = Objects.requireNonNull(replayWindow, "replayWindow");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.blacklist = Objects.requireNonNull(blacklist, "blacklist");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.startedMillis = clock.millis();
        this.lastContactMillis = new AtomicLong(startedMillis);
        this.propagation = Timer.builder("tokenfence.filter.revocation.propagation")
                .description("From an event's issued_at to its application in this instance's blacklist")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .register(registry);
        TimeGauge.builder("tokenfence.filter.consumer.staleness", this, TimeUnit.MILLISECONDS,
                        c -> c.staleness().toMillis())
                .description("Time since the revocation consumer last heard from the broker")
                .register(registry);
        Gauge.builder("tokenfence.filter.consumer.caught.up", this, c -> c.isCaughtUp() ? 1 : 0)
                .description("1 once the revocation consumer has read the topic up to the offsets seen at start")
                .register(registry);
        for (DecodeResult.Problem problem : DecodeResult.Problem.values()) {
            skippedCounter(problem); // registered up front so dashboards see zeros, not gaps
        }
    }

    /** Starts the consumer thread; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "tokenfence-revocations");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once every partition has been read up to the end offsets captured at start. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** The last time the broker answered this consumer. */
    public Instant lastContact() {
        return Instant.ofEpochMilli(lastContactMillis.get());
    }

    /** How long since the broker last answered. */
    public Duration staleness() {
        return Duration.ofMillis(Math.max(0, clock.millis() - lastContactMillis.get()));
    }

    /** The topic this consumer reads. */
    public String topic() {
        return topic;
    }

    /** The consumer settings: the caller's, plus the ones this class depends on. */
    Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>(kafkaProperties);
        // No group: every instance reads every partition (assign), and nothing is committed.
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Positions are set explicitly by timestamp; "earliest" only covers a partition whose position is lost.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Events from a transactional producer must not apply before they commit.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A resource server started before auth-service must wait for the topic, not create it with the broker's
        // defaults (replication factor 1, no min.insync.replicas) when the broker allows auto-creation.
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tokenfence-revocations");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
            consumer = kafka;
            if (closing) {
                return;
            }
            Map<TopicPartition, Long> endOffsets = assignAndSeek(kafka);
            if (endOffsets == null) {
                return;
            }
            long nextProbe = clock.millis() + probeInterval.toMillis();
            while (!closing) {
                try {
                    ConsumerRecords<String, byte[]> records = kafka.poll(pollTimeout);
                    if (!records.isEmpty()) {
                        lastContactMillis.set(clock.millis());
                    }
                    for (ConsumerRecord<String, byte[]> record : records) {
                        handle(record);
                    }
                    if (!caughtUp && reached(kafka, endOffsets)) {
                        caughtUp = true;
                        log.info("Revocations caught up: read topic {} up to the offsets seen at start ({} partitions)"
                                + "; blacklist holds {} entries", topic, endOffsets.size(), blacklist.size());
                    }
                    if (clock.millis() >= nextProbe) {
                        kafka.endOffsets(endOffsets.keySet(), probeInterval);
                        lastContactMillis.set(clock.millis());
                        nextProbe = clock.millis() + probeInterval.toMillis();
                    }
                } catch (WakeupException e) {
                    // close() wakes the poll; the loop condition decides.
                } catch (RuntimeException e) {
                    log.warn("Revocation consumer error on topic {}: {}; retrying", topic, e.toString());
                    pause(pollTimeout);
                }
            }
        } catch (RuntimeException e) {
            if (!closing) {
                log.error("Revocation consumer for topic {} stopped: {}", topic, e.toString(), e);
            }
        } finally {
            consumer = null;
        }
    }

    /** Assigns every partition and seeks to {@code now - replayWindow}; returns the end offsets to catch up to. */
    private Map<TopicPartition, Long> assignAndSeek(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = List.of();
        while (!closing && partitions.isEmpty()) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
                partitions = infos == null ? List.of() : infos.stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                lastContactMillis.set(clock.millis());
                if (partitions.isEmpty()) {
                    log.warn("Revocation topic {} does not exist (yet); waiting for it", topic);
                    pause(Duration.ofSeconds(1));
                }
            } catch (WakeupException e) {
                return null;
            } catch (RuntimeException e) {
                log.warn("Could not read the partitions of revocation topic {}: {}; retrying", topic, e.toString());
                pause(Duration.ofSeconds(1));
            }
        }
        if (closing) {
            return null;
        }
        kafka.assign(partitions);
        long from = clock.millis() - replayWindow.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(query);
        Map<TopicPartition, Long> endOffsets = new HashMap<>(kafka.endOffsets(partitions));
        List<TopicPartition> nothingRecent = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                nothingRecent.add(partition); // no record at or after `from`: nothing to replay
            } else {
                kafka.seek(partition, offset.offset());
            }
        }
        if (!nothingRecent.isEmpty()) {
            nothingRecent.forEach(partition -> kafka.seek(partition, endOffsets.get(partition)));
        }
        log.info("Revocation consumer assigned {} partitions of {}, replaying from {} ({} back)", partitions.size(),
                topic, Instant.ofEpochMilli(from), replayWindow);
        return endOffsets;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> entry : endOffsets.entrySet()) {
            if (kafka.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        DecodeResult result = codec.decode(record.value());
        if (result instanceof DecodeResult.Decoded decoded) {
            RevocationEvent event = decoded.event();
            if (blacklist.apply(event)) {
                long latency = Math.max(0, clock.millis() - event.issuedAt().toEpochMilli());
                propagation.record(latency, TimeUnit.MILLISECONDS);
            }
        } else if (result instanceof DecodeResult.Rejected rejected) {
            skippedCounter(rejected.problem()).increment();
            boolean first;
            synchronized (warned) {
                first = warned.add(rejected.problem());
            }
            if (first) {
                log.warn("Skipping a revocation record that cannot be applied ({}: {}) at {}-{} offset {}; further "
                        + "records with this problem are only counted in tokenfence.filter.revocations.skipped",
                        rejected.problem().tag(), rejected.detail(), record.topic(), record.partition(),
                        record.offset());
            }
        }
    }

    private Counter skippedCounter(DecodeResult.Problem problem) {
        return skipped.computeIfAbsent(problem, p -> Counter.builder("tokenfence.filter.revocations.skipped")
                .description("Revocation records skipped because they could not be decoded or applied")
                .tag("problem", p.tag())
                .register(registry));
    }

    /** Waits, but returns at once on close: a retry back-off that never delays shutdown. */
    private void pause(Duration duration) {
        try {
            closeRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /** Stops the thread and closes the Kafka consumer; idempotent. */
    @Override
    public void close() {
        closing = true;
        closeRequested.countDown();
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
