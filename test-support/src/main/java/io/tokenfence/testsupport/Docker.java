package io.tokenfence.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;

/** Whether tests should use Testcontainers. */
public final class Docker {

    private static volatile Boolean available;

    private Docker() {
    }

    /**
     * True when a Docker engine is reachable and local binaries are not forced with
     * {@code -Dtokenfence.test.backend=local}.
     */
    public static boolean preferred() {
        if ("local".equalsIgnoreCase(System.getProperty("tokenfence.test.backend", ""))) {
            return false;
        }
        Boolean known = available;
        if (known == null) {
            known = probe();
            available = known;
        }
        return known;
    }

    private static boolean probe() {
        // Testcontainers' own probe walks every strategy and logs each failure; skip it when no engine can be there.
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
