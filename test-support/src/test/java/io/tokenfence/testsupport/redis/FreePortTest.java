package io.tokenfence.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

class FreePortTest {

    /**
     * Ports the OS hands out for outgoing connections can be taken between choosing a port and binding it, so the ports
     * given to the services a test starts must come from below that range, each only once.
     */
    @Test
    void freePortsAreBelowTheOutgoingConnectionRangeDistinctAndBindable() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = RedisServers.freePort();
            assertThat(port).isBetween(1024, 32767);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
        for (int port : ports.stream().limit(20).toList()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    /** Of ten ports, nine held by listeners, only the free one can be handed out. */
    @Test
    void aPortAListenerHoldsIsNeverHandedOut() throws IOException {
        List<ServerSocket> held = holdConsecutivePorts(9);
        try {
            int firstHeld = held.get(0).getLocalPort();

            assertThat(RedisServers.freePort(firstHeld, firstHeld + 10, new HashSet<>())).isEqualTo(firstHeld + 9);
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    /** A port already handed out is skipped although nothing listens on it; the port handed out is recorded. */
    @Test
    void aPortAlreadyHandedOutIsNotHandedOutAgain() throws IOException {
        int first = startOfFreeRun(2);
        // Twenty times, so that both random starting points of the two-port range are taken.
        for (int i = 0; i < 20; i++) {
            Set<Integer> handedOut = new HashSet<>(Set.of(first));

            assertThat(RedisServers.freePort(first, first + 2, handedOut)).isEqualTo(first + 1);
            assertThat(handedOut).containsExactlyInAnyOrder(first, first + 1);
        }
        Set<Integer> both = new HashSet<>(Set.of(first, first + 1));
        assertThatIllegalStateException().isThrownBy(() -> RedisServers.freePort(first, first + 2, both))
                .withMessageContaining("No free port");
    }

    /** The first of {@code length} (at least 2) consecutive ports nothing listens on, below the outgoing range. */
    private static int startOfFreeRun(int length) throws IOException {
        List<ServerSocket> held = holdConsecutivePorts(length - 1);
        for (ServerSocket socket : held) {
            socket.close();
        }
        return held.get(0).getLocalPort();
    }

    /** Listeners on {@code count} consecutive ports, followed by one port that is free. */
    private static List<ServerSocket> holdConsecutivePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int port = base; port < base + count; port++) {
                    ServerSocket socket = new ServerSocket();
                    held.add(socket);
                    socket.bind(new InetSocketAddress(port));
                }
                try (ServerSocket next = new ServerSocket()) {
                    next.bind(new InetSocketAddress(base + count));
                }
                return held;
            } catch (IOException taken) {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }
        throw new IllegalStateException("no run of " + (count + 1) + " free ports found");
    }
}
