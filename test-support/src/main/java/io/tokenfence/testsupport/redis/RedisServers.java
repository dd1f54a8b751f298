package io.tokenfence.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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

    /** Linux hands out 32768-60999 for outgoing connections by default; ports below are only taken by listeners. */
    private static final int EPHEMERAL_PORTS_START = 32768;
    private static final int FIRST_PORT = 15000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

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

    /**
     * A free TCP port, chosen below the range the OS hands out for outgoing connections. A port the OS handed out
     * (bind to port 0) can be taken as the local end of some outgoing connection (a Kafka or Redis client of the stack
     * being started) between the moment it is chosen and the moment the service binds it; CI saw a service fail to
     * start on "port already in use" that way. Ports are not handed out twice by one JVM.
     */
    public static int freePort() {
        synchronized (HANDED_OUT) {
            return freePort(FIRST_PORT, EPHEMERAL_PORTS_START, HANDED_OUT);
        }
    }

    /**
     * Walks the range once from a random start, so every port in it is tried before giving up; ports in
     * {@code handedOut} are skipped and the port returned is added to it.
     */
    static int freePort(int from, int toExclusive, Set<Integer> handedOut) {
        int size = toExclusive - from;
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = from + (start + i) % size;
            if (handedOut.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
                handedOut.add(port);
                return port;
            } catch (IOException inUse) {
                // Try the next one.
            }
        }
        throw new IllegalStateException("No free port from " + from + " below " + toExclusive);
    }
}
