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
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The auth-service jar in its own JVM, so its CPU time is its own and can be read from the OS. */
final class AuthServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private AuthServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Linux's USER_HZ, the unit of the per-thread CPU counters; 100 on every mainstream kernel configuration. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    static AuthServiceProcess start(Path jar, int port, int redisPort, List<String> extra, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m"));
        // For profiling, e.g. -Dbench.auth-jvm-args="-XX:StartFlightRecording=filename=auth.jfr,settings=profile"
        String jvmArgs = System.getProperty("bench.auth-jvm-args", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.profiles.active=dev-users",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort,
                "--tokenfence.auth.rate-limits.enabled=false",
                // The refresh benchmark revokes nothing; no Kafka is needed.
                "--tokenfence.auth.revocations.transport=log",
                "--logging.level.root=warn"));
        command.addAll(extra);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AuthServiceProcess service = new AuthServiceProcess(process, port);
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

    /** CPU time (user + system) the process has used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("This OS does not report process CPU time"));
    }

    /**
     * CPU time the JIT compiler threads of the process have used so far, read from Linux's per-thread statistics
     * (zero elsewhere). A level measured while C2 is still compiling charges that work to the refreshes; this column
     * shows how much of a level's CPU was compilation rather than steady-state work.
     */
    Duration compilerCpu() {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("Compiler")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
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
