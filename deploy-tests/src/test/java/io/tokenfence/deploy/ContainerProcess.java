package io.tokenfence.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an unpacked image's entrypoint the way a container runtime would, without one: as root, in new PID and mount
 * namespaces ({@code unshare}) with the image's root file system as {@code /} ({@code --root}, a chroot), a fresh
 * {@code /proc}, the host's {@code /dev}, {@code /etc/hosts} and {@code /etc/resolv.conf} bound in (a runtime provides
 * those too), the image's user, working directory and environment, and nothing of the host's environment. The
 * network is the host's, so the process reaches test services on loopback and tests reach its ports.
 */
final class ContainerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ContainerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** True where this JVM can create namespaces (root, with {@code unshare} installed). */
    static boolean supported() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"));
    }

    /**
     * Starts {@code image}'s entrypoint with {@code environment} added to the image's own (as {@code docker run -e}
     * would) and {@code arguments} appended (as {@code docker run image args...} appends to the entrypoint).
     */
    static ContainerProcess start(String name, ImageTar image, Map<String, String> environment,
                                  List<String> arguments, Path log) throws IOException {
        Path root = image.rootFs();
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("etc"));
        for (String file : List.of("etc/hosts", "etc/resolv.conf")) {
            if (!Files.exists(root.resolve(file))) {
                Files.createFile(root.resolve(file));
            }
        }
        Map<String, String> env = new LinkedHashMap<>(image.environment());
        env.putAll(environment);
        String[] user = image.user().isEmpty() ? new String[] {"0", "0"} : image.user().split(":");

        List<String> inner = new ArrayList<>(List.of("/usr/bin/env", "-i"));
        env.forEach((key, value) -> inner.add(key + "=" + value));
        inner.addAll(List.of("/usr/bin/unshare", "--root=" + root, "--wd=" + image.workingDirectory(),
                "--mount-proc", "--setgid", user.length > 1 ? user[1] : user[0], "--setuid", user[0]));
        inner.addAll(image.command());
        inner.addAll(arguments);

        String mounts = "mount --rbind /dev " + quote(root.resolve("dev"))
                + " && mount --bind /etc/hosts " + quote(root.resolve("etc/hosts"))
                + " && mount --bind /etc/resolv.conf " + quote(root.resolve("etc/resolv.conf"))
                + " && exec " + String.join(" ", inner.stream().map(ContainerProcess::quote).toList());
        // --kill-child: when this JVM stops the outer unshare, the image's process (PID 1 inside) gets SIGTERM, the
        // signal a runtime sends on stop. The mounts die with the mount namespace.
        List<String> command = List.of("/usr/bin/unshare", "--fork", "--pid", "--mount", "--kill-child=SIGTERM",
                "/bin/sh", "-c", mounts);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ContainerProcess(name, process, log);
    }

    private static String quote(Object value) {
        return "'" + value.toString().replace("'", "'\\''") + "'";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The real user id of the image's process (PID 1 inside), as the host's /proc shows it. */
    int userId() throws IOException {
        ProcessHandle entrypoint = process.descendants().findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " has no process running"));
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(entrypoint.pid()), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("No Uid line for " + name);
    }

    String describe() {
        return name + (process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")") + ", log " + log;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
