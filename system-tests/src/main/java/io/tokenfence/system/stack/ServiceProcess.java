package io.tokenfence.system.stack;

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

/**
 * One Spring Boot service as a separate JVM ({@code java -jar}), with its output in a log file and readiness taken
 * from its actuator, so tests can kill it the way a crash would.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> arguments;
    private final Path log;
    private Process process;

    public ServiceProcess(String name, Path jar, int port, List<String> arguments, Path logDir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.arguments = List.copyOf(arguments);
        this.log = logDir.resolve(name + ".log");
    }

    /** Starts the JVM (appending to its log) without waiting for it. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B -DskipTests package)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--server.port=" + port));
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + name + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** Waits until {@code /actuator/health/readiness} answers 200. */
    public ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (readinessStatus() == 200) {
                return this;
            }
            pause();
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** Waits until the service's log holds {@code text} (a line it writes once it reached some state). */
    public ServiceProcess awaitLogLine(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (logText().contains(text)) {
                return this;
            }
            pause();
        }
        throw new IllegalStateException(name + " did not log '" + text + "' within " + timeout + "; see " + log);
    }

    /** Everything the service wrote to its log so far (all its runs, since the log is appended to). */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + log + ": " + e.getMessage(), e);
        }
    }

    /** The readiness endpoint's HTTP status, or -1 when the service does not answer. */
    public int readinessStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void pause() {
        try {
            // A bounded poll of another process; there is nothing to wait on instead.
            TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** {@code kill -9}: no shutdown hooks, no flushing. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /**
     * {@code kill -STOP}: the JVM freezes mid-request, holding whatever it holds (a session lock, a half-written
     * answer), as a process stalled by the OS or a stop-the-world pause would. {@link #kill()} still works on it.
     */
    public void suspend() {
        signal("STOP");
    }

    /** {@code kill -CONT}: a suspended JVM carries on where it stopped. */
    public void resume() {
        signal("CONT");
    }

    private synchronized void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not signal " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + name, e);
        }
    }

    /** The process id of the running JVM, for {@code jcmd}. */
    public synchronized long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** SIGTERM: Spring Boot shuts down gracefully. */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
