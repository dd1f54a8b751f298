package io.tokenfence.bench.load;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

import io.tokenfence.testsupport.redis.LocalRedisServer;
import io.tokenfence.testsupport.redis.RedisExecutables;
import io.tokenfence.testsupport.redis.RedisServers;

/**
 * Load benchmark of {@code POST /auth/refresh} (and login) against a real Redis: auth-service runs as its own process
 * so its CPU per refresh can be read from the OS, next to the floors measured in the same run. Writes a Markdown
 * report to {@code benchmarks/target/refresh-load.md}.
 *
 * <p>Variants (by default the two locking modes) run as separate processes at the same time and are measured in
 * alternating slices, round after round: on a shared machine whose speed drifts by tens of percent within minutes,
 * only figures taken side by side compare. Each figure reported is the median over the rounds.
 */
public final class RefreshLoadBenchmark {

    private static final int[] LEVELS = Arrays.stream(System.getProperty("bench.levels", "1,4,16,64").split(","))
            .map(String::trim).filter(level -> !level.isEmpty()).mapToInt(Integer::parseInt).toArray();
    /** Offered rates (refreshes per second, all clients together) of the paced runs, each with 16 clients. */
    private static final double[] PACED_RATES = Arrays.stream(System.getProperty("bench.paced-rates", "250,500")
            .split(",")).map(String::trim).filter(rate -> !rate.isEmpty()).mapToDouble(Double::parseDouble).toArray();
    private static final int PACED_CLIENTS = 16;
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 60));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measure-seconds", 10));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /**
     * Before each slice is measured, the same level runs unmeasured for this long: a change of concurrency changes
     * which paths are hot, and the JIT work that follows belongs to no level's steady state.
     */
    private static final Duration SLICE_WARM_UP = Duration.ofSeconds(Long.getLong("bench.level-warmup-seconds", 3));

    /**
     * One configuration of auth-service under test.
     *
     * @param name how the report calls it
     * @param arguments JVM options ({@code -D}, {@code -X}), application arguments ({@code --name=value}) and, to run
     *                  the variant on another JDK than the harness, {@code java=<JDK home>}, or another build of
     *                  auth-service (a before/after comparison of a change), {@code jar=<path>}, and the load
     *                  generator's HTTP client for this variant, {@code client=jdk} or {@code client=socket} (default:
     *                  {@code -Dbench.client}, else {@code socket})
     */
    record Variant(String name, List<String> arguments) {

        /** {@code name:arg arg;name:arg}, e.g. {@code always:--tokenfence.auth.refresh.locking=always}. */
        static List<Variant> parse(String spec) {
            return Arrays.stream(spec.split(";")).map(String::trim).filter(part -> !part.isEmpty()).map(part -> {
                int colon = part.indexOf(':');
                String name = colon < 0 ? part : part.substring(0, colon);
                String args = colon < 0 ? "" : part.substring(colon + 1).trim();
                return new Variant(name, args.isEmpty() ? List.of() : List.of(args.split("\\s+")));
            }).toList();
        }

        List<String> jvmOptions() {
            return arguments.stream().filter(arg -> arg.startsWith("-D") || arg.startsWith("-X")).toList();
        }

        List<String> applicationArguments() {
            return arguments.stream().filter(arg -> arg.startsWith("--")).toList();
        }

        Path jar(Path built) {
            return path("jar=").orElse(built);
        }

        Path javaHome() {
            return path("java=").orElse(Path.of(System.getProperty("java.home")));
        }

        AuthClient.Kind client() {
            return AuthClient.Kind.parse(option("client=").orElse(System.getProperty("bench.client", "socket")));
        }

        private Optional<Path> path(String option) {
            return option(option).map(Path::of);
        }

        private Optional<String> option(String option) {
            return arguments.stream().filter(arg -> arg.startsWith(option))
                    .map(arg -> arg.substring(option.length())).findFirst();
        }
    }

    private static final List<Variant> VARIANTS = Variant.parse(System.getProperty("bench.variants",
            "always:--tokenfence.auth.refresh.locking=always;"
                    + "on-contention:--tokenfence.auth.refresh.locking=on-contention"));

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
                    .append(" s per variant, then per level ").append(ROUNDS).append(" rounds of ")
                    .append(MEASURE.toSeconds()).append(" s per variant, alternating; medians over the rounds.\n\n");

            Floors.Result floors = Floors.measure(redisPort);
            report.append("| floor (harness JVM, same Redis) | median |\n| --- | --- |\n")
                    .append(row("Redisson round trip (GET)", floors.roundTripMicros()))
                    .append(row("RLock tryLock + unlock", floors.lockUnlockMicros()))
                    .append(row("RMapCache read + replace (a rotation's CAS)", floors.mapReadCasMicros()))
                    .append(row("jjwt ES256 sign, Java " + System.getProperty("java.version") + ", JDK provider",
                            floors.es256SignMicros()));

            List<AuthServiceProcess> services = new ArrayList<>();
            try {
                for (Variant variant : VARIANTS) {
                    services.add(AuthServiceProcess.start(variant.javaHome(), variant.jar(jar), RedisServers.freePort(),
                            redisPort, variant.jvmOptions(), variant.applicationArguments(),
                            out.resolve("auth-" + variant.name() + ".log")));
                }
                double[] signMicros = signFloors(services, floors, report);
                report.append('\n');
                report.append("Logins (bcrypt), variant ").append(VARIANTS.get(0).name()).append(":\n\n")
                        .append(logins(services.get(0), VARIANTS.get(0).client())).append('\n');
                report.append(refreshes(services, floors, signMicros, redis.process())).append('\n');
                for (int i = 0; i < services.size(); i++) {
                    report.append("Variant ").append(VARIANTS.get(i).name()).append(": ")
                            .append(contention(services.get(i), VARIANTS.get(i).client())).append('\n');
                }
            } finally {
                for (AuthServiceProcess service : services) {
                    service.close();
                }
            }
            Files.createDirectories(out);
            Files.writeString(out.resolve("refresh-load.md"), report);
            System.out.println(report);
        }
    }

    /**
     * The signature each variant makes, measured on its own JDK with the provider it signs with, so "minus ES256 sign"
     * subtracts what that variant pays; adds a floor row for each one the harness's own measurement did not cover.
     */
    private static double[] signFloors(List<AuthServiceProcess> services, Floors.Result floors, StringBuilder report)
            throws Exception {
        Map<String, Double> measured = new HashMap<>();
        double[] micros = new double[services.size()];
        for (int i = 0; i < services.size(); i++) {
            Path home = VARIANTS.get(i).javaHome();
            boolean bouncyCastle = services.get(i).signsWithBouncyCastle();
            micros[i] = measured.computeIfAbsent(home + (bouncyCastle ? " bc" : " jdk"), key -> {
                if (!bouncyCastle && home.equals(Path.of(System.getProperty("java.home")))) {
                    return floors.es256SignMicros();
                }
                double floor = SignFloor.measureOn(home, bouncyCastle);
                report.append(row("jjwt ES256 sign, " + home.getFileName() + ", "
                        + (bouncyCastle ? "Bouncy Castle" : "JDK provider"), floor));
                return floor;
            });
        }
        return micros;
    }

    private static String row(String what, double micros) {
        return "| " + what + " | " + String.format("%.0f µs", micros) + " |\n";
    }

    private static String logins(AuthServiceProcess service, AuthClient.Kind kind) throws Exception {
        StringBuilder table = new StringBuilder("| login clients | logins/s | p50 | p99 | CPU ms/login |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (int clients : new int[] {1, 4}) {
            List<ClientLoops.Step> steps = new ArrayList<>();
            List<AuthClient> opened = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                AuthClient client = AuthClient.open(kind, service.url());
                opened.add(client);
                steps.add(() -> client.login("alice", "alice-password"));
            }
            AtomicLong errors = new AtomicLong();
            double cpuBefore = service.cpu().toNanos();
            Latencies latencies;
            try {
                latencies = ClientLoops.run(steps, Duration.ofSeconds(5), errors);
            } finally {
                opened.forEach(AuthClient::close);
            }
            double cpuMillis = (service.cpu().toNanos() - cpuBefore) / 1e6;
            table.append(String.format("| %d | %.0f | %.1f ms | %.1f ms | %.1f |%n", clients,
                    latencies.count() / 5.0, latencies.percentileMillis(50), latencies.percentileMillis(99),
                    cpuMillis / Math.max(1, latencies.count())));
        }
        return table.toString();
    }

    /** What one measured slice of one variant at one level saw. */
    private record Slice(double perSecond, double cpuMicros, double kernelMicros, double[] groupMicros,
                         double generatorMicros, double redisMicros, long[] latencies, long errors) {
    }

    private static String refreshes(List<AuthServiceProcess> services, Floors.Result floors, double[] signMicros,
                                    ProcessHandle redis) throws Exception {
        int sessions = Math.max(16, Arrays.stream(LEVELS).max().orElse(16));
        List<List<AtomicReference<String>>> tokens = new ArrayList<>();
        // One client per session for the whole run; its connection is kept alive between slices, as a real client's
        // would be, and reopened when Tomcat closes it (after 100 requests, by default).
        List<List<AuthClient>> clients = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            tokens.add(loginSessions(services.get(i), sessions, VARIANTS.get(i).client()));
            List<AuthClient> opened = new ArrayList<>();
            for (int c = 0; c < sessions; c++) {
                opened.add(AuthClient.open(VARIANTS.get(i).client(), services.get(i).url()));
            }
            clients.add(opened);
        }
        try {
            return refreshes(services, floors, signMicros, redis, tokens, clients);
        } finally {
            clients.forEach(opened -> opened.forEach(AuthClient::close));
        }
    }

    private static String refreshes(List<AuthServiceProcess> services, Floors.Result floors, double[] signMicros,
                                    ProcessHandle redis, List<List<AtomicReference<String>>> tokens,
                                    List<List<AuthClient>> clients) throws Exception {
        // Warm-up in alternating chunks, so that no variant is measured while another one still compiles.
        Duration chunk = Duration.ofSeconds(Math.max(1, Math.min(30, WARM_UP.toSeconds())));
        for (long done = 0; done < WARM_UP.toSeconds(); done += chunk.toSeconds()) {
            for (int i = 0; i < services.size(); i++) {
                ClientLoops.run(refreshSteps(clients.get(i).subList(0, 16), tokens.get(i).subList(0, 16)), chunk,
                        new AtomicLong());
            }
        }
        List<LoadPoint> points = new ArrayList<>();
        Arrays.stream(LEVELS).forEach(level -> points.add(new LoadPoint(level, 0)));
        Arrays.stream(PACED_RATES).forEach(rate -> points.add(new LoadPoint(PACED_CLIENTS, rate)));
        StringBuilder table = new StringBuilder("| variant | clients | refreshes/s | p50 | p99 | auth CPU µs/refresh | "
                + "of which kernel µs | HTTP workers / Redis I/O / JIT / GC / other µs | minus ES256 sign | "
                + "refreshes per CPU-second | p50 / Redisson round trip | load generator µs/refresh | "
                + "Redis µs/refresh | errors |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (LoadPoint point : points) {
            List<List<Slice>> slices = new ArrayList<>();
            for (int i = 0; i < services.size(); i++) {
                slices.add(new ArrayList<>());
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < services.size(); i++) {
                    slices.get(i).add(slice(services.get(i), redis, clients.get(i).subList(0, point.clients()),
                            tokens.get(i).subList(0, point.clients()), point.rate()));
                }
            }
            for (int i = 0; i < services.size(); i++) {
                List<Slice> measured = slices.get(i);
                double cpu = median(measured.stream().mapToDouble(Slice::cpuMicros));
                String groups = Arrays.stream(AuthServiceProcess.ThreadGroup.values())
                        .map(group -> String.format("%.0f",
                                median(measured.stream().mapToDouble(slice -> slice.groupMicros()[group.ordinal()]))))
                        .collect(Collectors.joining(" / "));
                Latencies latencies = Latencies.of(measured.stream().flatMapToLong(slice ->
                        Arrays.stream(slice.latencies())).toArray());
                table.append(String.format("| %s | %s | %.0f | %.2f ms | %.2f ms | %.0f | %.0f | %s | %.0f | %.0f | "
                                + "%.1f× | %.0f | %.0f | %d |%n", VARIANTS.get(i).name(), point.label(),
                        median(measured.stream().mapToDouble(Slice::perSecond)), latencies.percentileMillis(50),
                        latencies.percentileMillis(99), cpu,
                        median(measured.stream().mapToDouble(Slice::kernelMicros)), groups,
                        cpu - signMicros[i], 1e6 / cpu,
                        latencies.percentileMillis(50) * 1000 / floors.roundTripMicros(),
                        median(measured.stream().mapToDouble(Slice::generatorMicros)),
                        median(measured.stream().mapToDouble(Slice::redisMicros)),
                        measured.stream().mapToLong(Slice::errors).sum()));
            }
        }
        return table.toString();
    }

    /** A level of load: {@code clients} closed-loop clients, or paced together at {@code rate} per second. */
    private record LoadPoint(int clients, double rate) {
        String label() {
            return rate > 0 ? String.format("%d paced at %.0f/s", clients, rate) : Integer.toString(clients);
        }
    }

    private static Slice slice(AuthServiceProcess service, ProcessHandle redis, List<AuthClient> clients,
                               List<AtomicReference<String>> tokens, double rate) throws Exception {
        ClientLoops.run(refreshSteps(clients, tokens), SLICE_WARM_UP, rate, new AtomicLong());
        AtomicLong errors = new AtomicLong();
        long cpuBefore = service.cpu().toNanos();
        long kernelBefore = service.kernelCpu().toNanos();
        long generatorBefore = cpuNanos(ProcessHandle.current());
        long redisBefore = cpuNanos(redis);
        var groupsBefore = service.cpuByThreadGroup();
        Latencies latencies = ClientLoops.run(refreshSteps(clients, tokens), MEASURE, rate, errors);
        long generatorAfter = cpuNanos(ProcessHandle.current());
        long redisAfter = cpuNanos(redis);
        long count = Math.max(1, latencies.count());
        var groupsAfter = service.cpuByThreadGroup();
        double[] groups = new double[AuthServiceProcess.ThreadGroup.values().length];
        for (AuthServiceProcess.ThreadGroup group : AuthServiceProcess.ThreadGroup.values()) {
            groups[group.ordinal()] = (groupsAfter.get(group).toNanos() - groupsBefore.get(group).toNanos()) / 1e3
                    / count;
        }
        return new Slice(latencies.count() / (double) MEASURE.toSeconds(),
                (service.cpu().toNanos() - cpuBefore) / 1e3 / count,
                (service.kernelCpu().toNanos() - kernelBefore) / 1e3 / count, groups,
                (generatorAfter - generatorBefore) / 1e3 / count, (redisAfter - redisBefore) / 1e3 / count,
                latencies.sortedNanos(), errors.get());
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("This OS does not report process CPU time")).toNanos();
    }

    private static double median(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * Sixteen clients refreshing one session at the same instant, round after round (two tabs, retrying mobile
     * clients): per round one rotation and fifteen grace replays of its answer.
     */
    private static String contention(AuthServiceProcess service, AuthClient.Kind kind) throws Exception {
        String token = loginSessions(service, 1, kind).get(0).get();
        List<AuthClient> clients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            clients.add(AuthClient.open(kind, service.url()));
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
                for (AuthClient client : clients) {
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
            // A client still inside a request must not have its socket closed under it.
            pool.awaitTermination(30, TimeUnit.SECONDS);
            clients.forEach(AuthClient::close);
        }
        Latencies latencies = Latencies.of(samples.stream().mapToLong(Long::longValue).toArray());
        return String.format("| 16 clients, one session, same instant | %d rounds (1 rotation + 15 identical replays "
                        + "each) | %.0f answers/s | p50 %.2f ms | p99 %.2f ms | %d errors |%n"
                        + "| --- | --- | --- | --- | --- | --- |%n", rounds,
                latencies.count() / (double) MEASURE.toSeconds(), latencies.percentileMillis(50),
                latencies.percentileMillis(99), errors);
    }

    private static List<ClientLoops.Step> refreshSteps(List<AuthClient> clients, List<AtomicReference<String>> tokens) {
        List<ClientLoops.Step> steps = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            AuthClient client = clients.get(i);
            AtomicReference<String> token = tokens.get(i);
            steps.add(() -> token.set(client.refresh(token.get())));
        }
        return steps;
    }

    private static List<AtomicReference<String>> loginSessions(AuthServiceProcess service, int count,
                                                               AuthClient.Kind kind) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> logins = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                logins.add(pool.submit(() -> {
                    try (AuthClient client = AuthClient.open(kind, service.url())) {
                        return client.login("alice", "alice-password");
                    }
                }));
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
