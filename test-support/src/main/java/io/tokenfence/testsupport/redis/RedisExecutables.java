package io.tokenfence.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import redis.embedded.core.ExecutableProvider;

/** Finds a {@code redis-server} binary: the one on PATH first, else the one shipped inside the embedded-redis jar. */
public final class RedisExecutables {

    private RedisExecutables() {
    }

    /** The {@code redis-server} on PATH, if there is one. */
    public static Optional<File> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toFile());
            }
        }
        return Optional.empty();
    }

    /** The Redis 6.2 binary that the embedded-redis artifact ships for this OS and architecture. */
    public static File shippedInJar() {
        try {
            return ExecutableProvider.newJarResourceProvider().get();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("No redis-server on PATH and the binary shipped in embedded-redis could not "
                    + "be extracted (" + e.getMessage() + "). Install Redis (e.g. 'apt-get install redis-server').", e);
        }
    }
}
