package io.tokenfence.bench.propagation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.filter.blacklist.CaffeineBlacklist;
import io.tokenfence.filter.events.RevocationConsumer;
import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.events.RevocationEventCodec;
import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackPorts;
import io.tokenfence.system.stack.SystemStack;
import io.tokenfence.testsupport.redis.RedisServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Revocation propagation on a loopback stack (one auth-service, two demo resource servers, Redis, one KRaft broker,
 * all separate processes): from the logout answer to the first 401 on each resource server, beside Kafka's own
 * produce-to-consume latency on the same broker in the same run (acks=all, the consumer settings the resource servers
 * use). Then the start-up replay of 100,000 revocations by a fresh consumer.
 */
public final class PropagationBenchmark {

    private static final long PROBE_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /** Logouts before the measured ones: enough for C2 to have compiled the paths of every process involved. */
    private static final int WARM_UP = Integer.getInteger("warmup", 150);
    private static final int SAMPLES = Integer.getInteger("samples", 300);
    private static final int REPLAY_EVENTS = Integer.getInteger("replayEvents", 100_000);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** An access token that is never revoked, for the polling load of {@link #kafkaWhilePolling}. */
    private String loadToken;
    private long loadTokenIssued;

    public static void main(String[] args) throws Exception {
        new PropagationBenchmark().run();
    }

    private void run() throws Exception {
        StackPorts ports = new StackPorts(List.of(RedisServers.freePort()),
                List.of(RedisServers.freePort(), RedisServers.freePort()), RedisServers.freePort(),
                RedisServers.freePort(), RedisServers.freePort());
        Path workDir = Files.createTempDirectory("tokenfence-propagation-");
        try (SystemStack stack = new SystemStack(ports, workDir, false)
                .withExtraAuthArguments(List.of("--tokenfence.auth.rate-limits.enabled=false")).start()) {
            ServiceProcess auth = stack.authServices().get(0);
            List<ServiceProcess> resources = stack.resourceServers();
            String bootstrap = stack.kafka().bootstrapServers();

            long[] propagation = new long[SAMPLES * resources.size()];
            long[] answered = new long[SAMPLES * resources.size()];
            long[] kafkaIdle = new long[SAMPLES];
            long[] kafkaAlongside = new long[SAMPLES];
            long[] kafkaPolled = new long[SAMPLES];
            try (KafkaProbe probe = new KafkaProbe(bootstrap)) {
                for (int i = 0; i < WARM_UP; i++) {
                    propagation(auth, resources, probe);
                    kafkaWhilePolling(auth, resources, probe);
                    probe.roundTrip();
                }
                for (int i = 0; i < SAMPLES; i++) {
                    Sample sample = propagation(auth, resources, probe);
                    System.arraycopy(sample.firstRefused(), 0, propagation, i * resources.size(), resources.size());
                    System.arraycopy(sample.refusalReceived(), 0, answered, i * resources.size(), resources.size());
                    kafkaAlongside[i] = sample.kafkaAlongside();
                    kafkaPolled[i] = kafkaWhilePolling(auth, resources, probe);
                    kafkaIdle[i] = probe.roundTrip();
                }
            }
            Arrays.sort(propagation);
            Arrays.sort(answered);
            Arrays.sort(kafkaIdle);
            Arrays.sort(kafkaAlongside);
            Arrays.sort(kafkaPolled);
            double replaySeconds = replay(bootstrap);

            String report = String.format(Locale.ROOT, """
                    Run %s, %d CPUs, Java %s; one auth-service, two demo resource servers, Redis and one KRaft broker \
                    on loopback, %d logouts after %d warm-up.

                    | path | samples | p50 | p90 | p99 | max |
                    | --- | --- | --- | --- | --- | --- |
                    | logout answered -> first refused request sent, per resource server | %s |
                    | logout answered -> that 401 received | %s |
                    | Kafka's own produce -> consume, sent as the logout is answered (same load) | %s |
                    | Kafka's own produce -> consume, resource servers polled as above, no revocation | %s |
                    | Kafka's own produce -> consume, between logouts (machine otherwise idle) | %s |

                    Ratio of the first refused request to Kafka's own under the same load: p50 %.1fx, p99 %.1fx; \
                    to Kafka's own under the same polling without a revocation: p50 %.1fx, p99 %.1fx; to Kafka's own \
                    between logouts: p50 %.1fx, p99 %.1fx.

                    Replay at start: %d revocations read and applied by a fresh consumer in %.2f s (%.0f events/s).
                    """, LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), SAMPLES, WARM_UP, row(propagation), row(answered),
                    row(kafkaAlongside), row(kafkaPolled), row(kafkaIdle),
                    ms(propagation, 50) / ms(kafkaAlongside, 50), ms(propagation, 99) / ms(kafkaAlongside, 99),
                    ms(propagation, 50) / ms(kafkaPolled, 50), ms(propagation, 99) / ms(kafkaPolled, 99),
                    ms(propagation, 50) / ms(kafkaIdle, 50), ms(propagation, 99) / ms(kafkaIdle, 99),
                    REPLAY_EVENTS, replaySeconds, REPLAY_EVENTS / replaySeconds);
            System.out.println(report);
            Files.writeString(Path.of("benchmarks/target/propagation.md"), report);
        }
    }

    /**
     * One propagation: per resource server, logout answered to the first refused request sent and to its 401
     * received; and Kafka's own produce-to-consume latency of a record sent as the logout is answered, so that it
     * crosses the broker under the same load (both probes polling) as the revocation.
     */
    private record Sample(long[] firstRefused, long[] refusalReceived, long kafkaAlongside) {
    }

    /**
     * One login, both resource servers warmed with the token, a logout, then each polled until it rejects: the time
     * from the logout's answer to the sending of the first request that is refused.
     */
    private Sample propagation(ServiceProcess auth, List<ServiceProcess> resources, KafkaProbe probe)
            throws Exception {
        String token = accessToken(auth);
        for (ServiceProcess resource : resources) {
            if (status(resource, token) != 200) {
                throw new IllegalStateException(resource.name() + " did not accept a fresh token");
            }
        }
        HttpResponse<String> logout = post(auth.url() + "/auth/logout", "", token);
        long answered = System.nanoTime();
        probe.send();
        if (logout.statusCode() != 204) {
            throw new IllegalStateException("logout answered " + logout.statusCode());
        }
        List<CompletableFuture<long[]>> rejections = new ArrayList<>();
        for (ServiceProcess resource : resources) {
            rejections.add(CompletableFuture.supplyAsync(() -> {
                long deadline = answered + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    // Timed at the send of the first request that is rejected: from then on requests are refused.
                    // Timing its answer instead would add a whole HTTP exchange with the resource server, which
                    // Kafka's own produce -> consume figure does not contain.
                    long sent = System.nanoTime();
                    if (status(resource, token) == 401) {
                        return new long[] {sent - answered, System.nanoTime() - answered};
                    }
                    // Two probe threads requesting without pause would keep both cores of a small machine busy and
                    // slow down the very consumers being measured; a 0.2 ms pause costs at most that in resolution.
                    LockSupport.parkNanos(PROBE_PAUSE_NANOS);
                }
                throw new IllegalStateException(resource.name() + " still accepts a revoked token after 10 s");
            }));
        }
        List<long[]> delays = rejections.stream().map(CompletableFuture::join).toList();
        return new Sample(delays.stream().mapToLong(d -> d[0]).toArray(), delays.stream().mapToLong(d -> d[1]).toArray(),
                probe.arrival());
    }

    /**
     * Kafka's own produce-to-consume latency while both resource servers are polled exactly as during a propagation
     * (same pause, same requests, a token that stays valid), but with no revocation in flight: the floor under the
     * load that measuring propagation itself puts on the machine.
     */
    private long kafkaWhilePolling(ServiceProcess auth, List<ServiceProcess> resources, KafkaProbe probe)
            throws Exception {
        // Renewed every minute: access tokens live five.
        if (loadToken == null || System.nanoTime() - loadTokenIssued > TimeUnit.MINUTES.toNanos(1)) {
            loadToken = accessToken(auth);
            loadTokenIssued = System.nanoTime();
        }
        AtomicBoolean polling = new AtomicBoolean(true);
        List<CompletableFuture<Void>> pollers = new ArrayList<>();
        for (ServiceProcess resource : resources) {
            pollers.add(CompletableFuture.runAsync(() -> {
                while (polling.get()) {
                    if (status(resource, loadToken) != 200) {
                        throw new IllegalStateException(resource.name() + " refused the polling token");
                    }
                    LockSupport.parkNanos(PROBE_PAUSE_NANOS);
                }
            }));
        }
        try {
            // A few requests first, so that the record crosses a machine already under the polling load.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            return probe.roundTrip();
        } finally {
            polling.set(false);
            CompletableFuture.allOf(pollers.toArray(CompletableFuture[]::new)).join();
        }
    }

    /** A new session's access token: one login. */
    private String accessToken(ServiceProcess auth) throws Exception {
        return field(post(auth.url() + "/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}",
                null).body(), "access_token");
    }

    private int status(ServiceProcess resource, String token) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(resource.url() + "/api/me"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String url, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int start = json.indexOf(marker) + marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    /** Produces {@link #REPLAY_EVENTS} revocations, then times a fresh consumer until it reports caught up. */
    private static double replay(String bootstrap) throws Exception {
        String topic = "bench.replay." + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        RevocationEventCodec codec = new RevocationEventCodec();
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < REPLAY_EVENTS; i++) {
                String sub = "user-" + i;
                producer.send(new ProducerRecord<>(topic, sub, codec.encode(RevocationEvent.session(sub,
                        String.format(Locale.ROOT, "%016x%22d", i * 0x9E3779B97F4A7C15L, i),
                        RevocationEvent.Reason.LOGOUT, now, now.plusSeconds(600)))));
            }
        }
        CaffeineBlacklist blacklist = new CaffeineBlacklist(Clock.systemUTC(), Ticker.systemTicker(), 1_000_000,
                new SimpleMeterRegistry());
        long start = System.nanoTime();
        try (RevocationConsumer consumer = new RevocationConsumer(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, Duration.ofMinutes(10),
                Duration.ofMillis(200), Duration.ofSeconds(2), codec, blacklist, Clock.systemUTC(),
                new SimpleMeterRegistry())) {
            consumer.start();
            while (!consumer.isCaughtUp()) {
                Thread.onSpinWait();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (blacklist.size() < REPLAY_EVENTS) {
                throw new IllegalStateException("caught up with " + blacklist.size() + " of " + REPLAY_EVENTS);
            }
            return seconds;
        }
    }

    private static String row(long[] sorted) {
        return String.format(Locale.ROOT, "%d | %.2f ms | %.2f ms | %.2f ms | %.2f ms", sorted.length, ms(sorted, 50),
                ms(sorted, 90), ms(sorted, 99), ms(sorted, 100));
    }

    private static double ms(long[] sorted, double percentile) {
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(percentile / 100 * sorted.length) - 1));
        return sorted[index] / 1e6;
    }

    /**
     * Kafka's own end-to-end latency: a record produced with acks=all and read by a consumer assigned to its
     * partition, polling like the resource servers' consumer.
     */
    private static final class KafkaProbe implements AutoCloseable {

        private final String topic = "bench.kafka-latency." + System.nanoTime();
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<String, byte[]> consumer;
        private final BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(16);
        private final Thread poller;
        private volatile boolean running = true;

        KafkaProbe(String bootstrap) throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new ByteArrayDeserializer());
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            poller = new Thread(() -> {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        arrivals.add(System.nanoTime() - ByteBuffer.wrap(record.value()).getLong());
                    }
                }
            }, "kafka-probe");
            poller.start();
            producer.partitionsFor(topic);
        }

        /** Sends a record stamped with the current instant; {@link #arrival()} waits for its latency. */
        void send() {
            byte[] sent = ByteBuffer.allocate(Long.BYTES).putLong(System.nanoTime()).array();
            producer.send(new ProducerRecord<>(topic, "probe", sent));
        }

        long arrival() throws InterruptedException {
            Long latency = arrivals.poll(10, TimeUnit.SECONDS);
            if (latency == null) {
                throw new IllegalStateException("Kafka probe record did not arrive within 10 s");
            }
            return latency;
        }

        long roundTrip() throws InterruptedException {
            send();
            return arrival();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            poller.join();
            consumer.close();
            producer.close();
        }
    }
}
