package io.tokenfence.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Optional;

import io.tokenfence.testsupport.Docker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how to get a real Redis: a container when a Docker engine is reachable, else a {@code redis-server} from
 * PATH, else (when allowed) the binary shipped in the embedded-redis jar.
 *
 * <p>{@code -Dtokenfence.test.backend=local} forces local binaries even where Docker runs.
 */
public final class RedisServers {

    private static final Logger log = LoggerFactory.getLogger(RedisServers.class);

    private RedisServers() {
    }

    /** A fresh Redis on a free loopback port, for one test class. */
    public static RedisServer startForTests() {
        if (Docker.preferred()) {
            ContainerRedisServer server = ContainerRedisServer.start();
            log.info("Real Redis for tests: {} at {}", server.description(), server.endpoint().uri());
            return server;
        }
        Optional<File> onPath = RedisExecutables.onPath();
        File executable = onPath.orElseGet(() -> {
            log.warn("No Docker engine and no redis-server on PATH; using the Redis binary shipped in embedded-redis. "
                    + "Install Redis (apt-get install redis-server) to test against the same version as production.");
            return RedisExecutables.shippedInJar();
        });
        RedisServer server = LocalRedisServer.start(executable, onPath.isPresent() ? "from PATH" : "shipped in jar",
                LocalRedisServer.Options.onPort(freePort()));
        log.info("Real Redis for tests: {} ({})", server.description(), describe(onPath));
        return server;
    }

    private static String describe(Optional<File> onPath) {
        return onPath.map(File::getAbsolutePath).orElse("embedded-redis binary").toLowerCase(Locale.ROOT);
    }

    /** A free TCP port on the loopback interface, as the OS hands it out. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port: " + e.getMessage(), e);
        }
    }
}
