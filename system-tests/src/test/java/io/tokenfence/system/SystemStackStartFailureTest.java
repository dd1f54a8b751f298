package io.tokenfence.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;

import io.tokenfence.system.stack.StackPorts;
import io.tokenfence.system.stack.SystemStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stack whose start fails part-way leaves nothing running: no orphaned Redis, Kafka or service process. */
class SystemStackStartFailureTest {

    @Test
    void startThatFailsAtTheFirstAuthInstanceStopsTheRedisAndKafkaItHadStarted() throws Exception {
        StackPorts ports = StackPorts.free(1, 1);
        // Someone else holds auth-a's port: the auth service cannot bind it and exits, after Redis and Kafka are up.
        try (ServerSocket taken = new ServerSocket(ports.authPorts().get(0), 50, InetAddress.getLoopbackAddress())) {
            SystemStack stack = new SystemStack(ports, Files.createTempDirectory("tokenfence-failed-start-"), false);

            assertThatThrownBy(stack::start).hasMessageContaining("auth-a exited");

            assertThat(listening(ports.redisPort())).as("Redis still listening").isFalse();
            assertThat(listening(ports.kafkaPort())).as("Kafka still listening").isFalse();
            assertThat(listening(ports.kafkaControllerPort())).as("Kafka controller still listening").isFalse();
            assertThat(stack.authServices()).allSatisfy(service -> assertThat(service.isAlive()).isFalse());
            assertThat(stack.resourceServers()).allSatisfy(service -> assertThat(service.isAlive()).isFalse());
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
