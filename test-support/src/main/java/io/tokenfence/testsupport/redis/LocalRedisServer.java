package io.tokenfence.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on a loopback port, with its own working directory.
 *
 * <p>It never touches a Redis that was already running: the port is chosen by the caller (a free one for tests) and the
 * process is bound to 127.0.0.1 only. Persistence is off unless {@link Options#appendOnly()} asks for AOF.
 */
public final class LocalRedisServer implements RedisServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final RedisEndpoint endpoint;
    private final String description;
    private final Path workDir;

    private LocalRedisServer(Process process, RedisEndpoint endpoint, String description, Path workDir) {
        this.process = process;
        this.endpoint = endpoint;
        this.description = description;
        this.workDir = workDir;
    }

    /** How to start the process; {@code extraArguments} go last on the command line (e.g. cluster mode). */
    public record Options(int port, boolean appendOnly, Path workDir, List<String> extraArguments) {

        public Options {
            extraArguments = List.copyOf(extraArguments);
        }

        public static Options onPort(int port) {
            return new Options(port, false, null, List.of());
        }

        public Options withAppendOnly(Path dir) {
            return new Options(port, true, dir, extraArguments);
        }

        public Options inDirectory(Path dir) {
            return new Options(port, appendOnly, dir, extraArguments);
        }

        public Options withArguments(String... arguments) {
            List<String> all = new ArrayList<>(extraArguments);
            all.addAll(List.of(arguments));
            return new Options(port, appendOnly, workDir, all);
        }
    }

    /** Starts {@code executable} and waits until it answers {@code PING}. */
    public static LocalRedisServer start(File executable, String origin, Options options) {
        Objects.requireNonNull(executable, "executable");
        try {
            Path dir = options.workDir() != null ? Files.createDirectories(options.workDir())
                    : Files.createTempDirectory("tokenfence-redis-");
            List<String> command = new ArrayList<>(List.of(executable.getAbsolutePath(),
                    "--port", Integer.toString(options.port()),
                    "--bind", "127.0.0.1",
                    "--dir", dir.toString(),
                    "--save", "",
                    "--daemonize", "no",
                    "--protected-mode", "yes"));
            if (options.appendOnly()) {
                command.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec"));
            } else {
                command.addAll(List.of("--appendonly", "no"));
            }
            command.addAll(options.extraArguments());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            LocalRedisServer server = new LocalRedisServer(process, new RedisEndpoint("127.0.0.1", options.port()),
                    "redis-server " + origin + " on port " + options.port(), dir);
            server.awaitPong();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + executable + ": " + e.getMessage(), e);
        }
    }

    private void awaitPong() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with code " + process.exitValue()
                        + " before answering; see " + workDir.resolve("redis.log") + ": " + tail());
            }
            try {
                if (ping(endpoint, Duration.ofMillis(500))) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                // A bounded poll for a child process to open its port; there is nothing to wait on instead.
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for redis-server", e);
            }
        }
        close();
        throw new IllegalStateException("redis-server did not answer PING within " + START_TIMEOUT
                + (last != null ? " (" + last.getMessage() + ")" : ""));
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("redis.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Sends an inline {@code PING} and expects {@code +PONG}. */
    static boolean ping(RedisEndpoint endpoint, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[7];
            int read = in.readNBytes(buffer, 0, buffer.length);
            return new String(buffer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
    }

    /** Kills the process hard, as a crash or {@code kill -9} would, without a chance to flush anything. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** The redis-server process, e.g. to read its CPU time. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: redis-server shuts down cleanly (and fsyncs AOF when on)
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
