package io.tokenfence.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The auth-service jar in its own JVM, so its CPU time is its own and can be read from the OS. */
final class AuthServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private AuthServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Linux's USER_HZ, the unit of the per-thread CPU counters; 100 on every mainstream kernel configuration. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    static AuthServiceProcess start(Path javaHome, Path jar, int port, int redisPort, List<String> jvmOptions,
                                    List<String> extra, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(),
                "-Xms256m", "-Xmx512m",
                // Compiler threads that come and go would take their CPU time out of the per-thread breakdown.
                "-XX:-UseDynamicNumberOfCompilerThreads"));
        // For profiling, e.g. -Dbench.auth-jvm-args="-XX:StartFlightRecording=filename=auth.jfr,settings=profile"
        String jvmArgs = System.getProperty("bench.auth-jvm-args", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.profiles.active=dev-users",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort,
                "--tokenfence.auth.rate-limits.enabled=false",
                // The refresh benchmark revokes nothing; no Kafka is needed.
                "--tokenfence.auth.revocations.transport=log",
                "--logging.level.root=warn",
                // Which provider signs: the harness subtracts the floor of that provider.
                "--logging.level.io.tokenfence.auth.token.AccessTokenIssuer=info"));
        command.addAll(extra);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AuthServiceProcess service = new AuthServiceProcess(process, port, log);
        service.awaitReady();
        return service;
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("auth-service exited with " + process.exitValue());
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("auth-service not ready within 90 s");
    }

    /**
     * Whether the service signs ES256 with Bouncy Castle, as its start-up log says; builds from before the signature
     * provider became configurable signed with the JDK and do not log it.
     */
    boolean signsWithBouncyCastle() throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains("Access tokens are signed with"))
                .anyMatch(line -> line.contains("ES256 by Bouncy Castle"));
    }

    /** CPU time (user + system) the process has used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("This OS does not report process CPU time"));
    }

    /** The thread groups a level's CPU is broken down into, by the thread names the JVM and the libraries give. */
    enum ThreadGroup {
        HTTP_WORKERS, REDIS_IO, JIT, GC, OTHER;

        static ThreadGroup of(String threadName) {
            // Tomcat's platform workers, or the carriers of its virtual threads (spring.threads.virtual.enabled)
            if (threadName.startsWith("http-nio") || threadName.startsWith("ForkJoinPool-")) {
                return HTTP_WORKERS;
            }
            if (threadName.startsWith("redisson-netty")) {
                return REDIS_IO;
            }
            if (threadName.contains("Compiler")) {
                return JIT;
            }
            if (threadName.startsWith("GC ") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")) {
                return GC;
            }
            return OTHER;
        }
    }

    /**
     * CPU time (user + system) each thread group of the process has used so far, read from Linux's per-thread
     * statistics (empty elsewhere). A level measured while C2 is still compiling charges that work to the refreshes;
     * the JIT share shows how much of a level's CPU was compilation rather than steady-state work. Threads that ended
     * are missing, so the groups can add up to less than {@link #cpu()}.
     */
    EnumMap<ThreadGroup, Duration> cpuByThreadGroup() {
        EnumMap<ThreadGroup, Duration> groups = new EnumMap<>(ThreadGroup.class);
        for (ThreadGroup group : ThreadGroup.values()) {
            groups.put(group, Duration.ZERO);
        }
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    ThreadGroup group = ThreadGroup.of(Files.readString(task.resolve("comm")).trim());
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    groups.merge(group, Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND), Duration::plus);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // not Linux: no breakdown
        }
        return groups;
    }

    /**
     * CPU time the process has spent in the kernel so far (Linux's process statistics; zero elsewhere): the share of a
     * refresh that is system calls (sockets, epoll, futex wake-ups) rather than Java code.
     */
    Duration kernelCpu() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Duration.ofMillis(Long.parseLong(fields[12]) * 1000 / CLOCK_TICKS_PER_SECOND); // stime
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
