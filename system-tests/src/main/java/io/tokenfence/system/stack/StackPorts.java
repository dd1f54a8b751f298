package io.tokenfence.system.stack;

import java.util.List;

/**
 * The loopback ports of a stack. The local stack's defaults can be changed with system properties, e.g.
 * {@code -Dtokenfence.stack.auth-ports=9080,9082}.
 *
 * @param authPorts one per auth-service instance
 * @param resourcePorts one per demo resource server
 * @param redisPort Redis
 * @param kafkaPort Kafka's client listener
 * @param kafkaControllerPort Kafka's KRaft controller listener
 */
public record StackPorts(List<Integer> authPorts, List<Integer> resourcePorts, int redisPort, int kafkaPort,
                         int kafkaControllerPort) {

    public StackPorts {
        authPorts = List.copyOf(authPorts);
        resourcePorts = List.copyOf(resourcePorts);
    }

    /** The README's defaults: auth 8080 and 8082, resource servers 8081 and 8083, Redis 6380, Kafka 9092. */
    public static StackPorts fromSystemProperties() {
        return new StackPorts(
                ports("tokenfence.stack.auth-ports", "8080,8082"),
                ports("tokenfence.stack.resource-ports", "8081,8083"),
                Integer.getInteger("tokenfence.stack.redis-port", 6380),
                Integer.getInteger("tokenfence.stack.kafka-port", 9092),
                Integer.getInteger("tokenfence.stack.kafka-controller-port", 9093));
    }

    /** Free loopback ports, as the OS hands them out, for a test's own stack. */
    public static StackPorts free(int authInstances, int resourceServers) {
        return new StackPorts(freePorts(authInstances), freePorts(resourceServers), freePort(), freePort(), freePort());
    }

    private static List<Integer> freePorts(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> freePort()).toList();
    }

    private static int freePort() {
        return io.tokenfence.testsupport.redis.RedisServers.freePort();
    }

    private static List<Integer> ports(String property, String defaults) {
        return java.util.Arrays.stream(System.getProperty(property, defaults).split(","))
                .map(String::trim).map(Integer::valueOf).toList();
    }
}
