package io.tokenfence.bench.load;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.tokenfence.testsupport.redis.LocalRedisServer;
import io.tokenfence.testsupport.redis.RedisExecutables;
import io.tokenfence.testsupport.redis.RedisServers;

/**
 * Load benchmark of {@code POST /auth/refresh} (and login) against a real Redis: auth-service runs as its own process
 * so its CPU per refresh can be read from the OS, side by side for both locking modes, next to the floors measured in
 * the same run. Writes a Markdown report to {@code benchmarks/target/refresh-load.md}.
 */
public final class RefreshLoadBenchmark {

    private static final int[] LEVELS = {1, 4, 16, 64};
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 60));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measure-seconds", 10));

    private RefreshLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path jar = root.resolve("auth-service/target/auth-service-0.1.0-SNAPSHOT.jar");
        Path out = root.resolve("benchmarks/target");
        Optional<File> onPath = RedisExecutables.onPath();
        try (LocalRedisServer redis = LocalRedisServer.start(onPath.orElseGet(RedisExecutables::shippedInJar),
                onPath.isPresent() ? "from PATH" : "shipped", LocalRedisServer.Options.onPort(RedisServers.freePort()))) {
            int redisPort = redis.endpoint().port();
            StringBuilder report = new StringBuilder();
            report.append("Run ").append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                    .append(" CPUs, Java ").append(System.getProperty("java.version")).append(", ")
                    .append(redis.description()).append("; warm-up ").append(WARM_UP.toSeconds())
                    .append(" s, ").append(MEASURE.toSeconds()).append(" s per level.\n\n");

            Floors.Result floors = Floors.measure(redisPort);
            report.append("| floor (harness JVM, same Redis) | median |\n| --- | --- |\n")
                    .append(row("Redisson round trip (GET)", floors.roundTripMicros()))
                    .append(row("RLock tryLock + unlock", floors.lockUnlockMicros()))
                    .append(row("RMapCache read + replace (a rotation's CAS)", floors.mapReadCasMicros()))
                    .append(row("jjwt ES256 sign", floors.es256SignMicros()))
                    .append('\n');

            for (String mode : List.of("always", "on-contention")) {
                try (AuthServiceProcess service = AuthServiceProcess.start(jar, RedisServers.freePort(), redisPort,
                        List.of("--tokenfence.auth.refresh.locking=" + mode), out.resolve("auth-" + mode + ".log"))) {
                    report.append("### locking=").append(mode).append("\n\n");
                    if (mode.equals("always")) {
                        report.append(logins(service)).append('\n');
                    }
                    report.append(refreshes(service, floors)).append('\n');
                    report.append(contention(service)).append('\n');
                }
            }
            Files.createDirectories(out);
            Files.writeString(out.resolve("refresh-load.md"), report);
            System.out.println(report);
        }
    }

    private static String row(String what, double micros) {
        return "| " + what + " | " + String.format("%.0f µs", micros) + " |\n";
    }

    private static String logins(AuthServiceProcess service) throws Exception {
        StringBuilder table = new StringBuilder("| login clients | logins/s | p50 | p99 | CPU ms/login |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (int clients : new int[] {1, 4}) {
            List<ClosedLoop.Step> steps = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                HttpAuthClient client = new HttpAuthClient(service.url());
                steps.add(() -> client.login("alice", "alice-password"));
            }
            AtomicLong errors = new AtomicLong();
            double cpuBefore = service.cpu().toNanos();
            Latencies latencies = ClosedLoop.run(steps, Duration.ofSeconds(5), errors);
            double cpuMillis = (service.cpu().toNanos() - cpuBefore) / 1e6;
            table.append(String.format("| %d | %.0f | %.1f ms | %.1f ms | %.1f |%n", clients,
                    latencies.count() / 5.0, latencies.percentileMillis(50), latencies.percentileMillis(99),
                    cpuMillis / Math.max(1, latencies.count())));
        }
        return table.toString();
    }

    private static String refreshes(AuthServiceProcess service, Floors.Result floors) throws Exception {
        int sessions = LEVELS[LEVELS.length - 1];
        List<AtomicReference<String>> tokens = loginSessions(service, sessions);
        warmUp(service, tokens);
        StringBuilder table = new StringBuilder("| clients | refreshes/s | p50 | p99 | auth CPU µs/refresh | "
                + "of which JIT µs | minus ES256 sign | refreshes per CPU-second | p50 / Redisson round trip | "
                + "errors |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (int clients : LEVELS) {
            AtomicLong errors = new AtomicLong();
            long cpuBefore = service.cpu().toNanos();
            long jitBefore = service.compilerCpu().toNanos();
            Latencies latencies = ClosedLoop.run(refreshSteps(service, tokens.subList(0, clients)), MEASURE, errors);
            long count = Math.max(1, latencies.count());
            double cpuMicros = (service.cpu().toNanos() - cpuBefore) / 1e3 / count;
            double jitMicros = (service.compilerCpu().toNanos() - jitBefore) / 1e3 / count;
            table.append(String.format("| %d | %.0f | %.2f ms | %.2f ms | %.0f | %.0f | %.0f | %.0f | %.1f× | %d |%n",
                    clients, latencies.count() / (double) MEASURE.toSeconds(), latencies.percentileMillis(50),
                    latencies.percentileMillis(99), cpuMicros, jitMicros, cpuMicros - floors.es256SignMicros(),
                    1e6 / cpuMicros, latencies.percentileMillis(50) * 1000 / floors.roundTripMicros(), errors.get()));
        }
        return table.toString();
    }

    /**
     * Sixteen clients refreshing one session at the same instant, round after round (two tabs, retrying mobile
     * clients): per round one rotation and fifteen grace replays of its answer.
     */
    private static String contention(AuthServiceProcess service) throws Exception {
        String token = loginSessions(service, 1).get(0).get();
        List<HttpAuthClient> clients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            clients.add(new HttpAuthClient(service.url()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        List<Long> samples = new ArrayList<>();
        long errors = 0;
        long rounds = 0;
        long end = System.nanoTime() + MEASURE.toNanos();
        try {
            while (System.nanoTime() < end) {
                String presented = token;
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<Future<long[]>> answers = new ArrayList<>();
                List<String> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
                for (HttpAuthClient client : clients) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        long started = System.nanoTime();
                        tokens.add(client.refresh(presented));
                        return new long[] {System.nanoTime() - started};
                    }));
                }
                go.countDown();
                for (Future<long[]> answer : answers) {
                    try {
                        samples.add(answer.get()[0]);
                    } catch (java.util.concurrent.ExecutionException e) {
                        errors++;
                    }
                }
                if (tokens.isEmpty() || tokens.stream().distinct().count() != 1) {
                    throw new IllegalStateException("Round " + rounds + " forked or failed: " + tokens.size()
                            + " answers, " + tokens.stream().distinct().count() + " distinct");
                }
                token = tokens.get(0);
                rounds++;
            }
        } finally {
            pool.shutdownNow();
        }
        Latencies latencies = Latencies.of(samples.stream().mapToLong(Long::longValue).toArray());
        return String.format("| 16 clients, one session, same instant | %d rounds (1 rotation + 15 identical replays "
                        + "each) | %.0f answers/s | p50 %.2f ms | p99 %.2f ms | %d errors |%n"
                        + "| --- | --- | --- | --- | --- | --- |%n", rounds,
                latencies.count() / (double) MEASURE.toSeconds(), latencies.percentileMillis(50),
                latencies.percentileMillis(99), errors);
    }

    private static void warmUp(AuthServiceProcess service, List<AtomicReference<String>> tokens) throws Exception {
        ClosedLoop.run(refreshSteps(service, tokens.subList(0, 16)), WARM_UP, new AtomicLong());
    }

    private static List<ClosedLoop.Step> refreshSteps(AuthServiceProcess service, List<AtomicReference<String>> tokens) {
        List<ClosedLoop.Step> steps = new ArrayList<>();
        for (AtomicReference<String> token : tokens) {
            HttpAuthClient client = new HttpAuthClient(service.url());
            steps.add(() -> token.set(client.refresh(token.get())));
        }
        return steps;
    }

    private static List<AtomicReference<String>> loginSessions(AuthServiceProcess service, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> logins = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                logins.add(pool.submit(() -> new HttpAuthClient(service.url()).login("alice", "alice-password")));
            }
            List<AtomicReference<String>> tokens = new ArrayList<>();
            for (Future<String> login : logins) {
                tokens.add(new AtomicReference<>(login.get()));
            }
            return tokens;
        } finally {
            pool.shutdown();
        }
    }
}
