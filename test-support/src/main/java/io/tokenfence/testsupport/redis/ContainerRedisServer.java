package io.tokenfence.testsupport.redis;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Redis in a container, for machines with a reachable Docker engine. */
public final class ContainerRedisServer implements RedisServer {

    static final DockerImageName IMAGE = DockerImageName.parse("redis:7.2-alpine");

    private final GenericContainer<?> container;

    private ContainerRedisServer(GenericContainer<?> container) {
        this.container = container;
    }

    public static ContainerRedisServer start() {
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        container.start();
        return new ContainerRedisServer(container);
    }

    @Override
    public RedisEndpoint endpoint() {
        return new RedisEndpoint(container.getHost(), container.getMappedPort(6379));
    }

    @Override
    public String description() {
        return "container " + IMAGE;
    }

    @Override
    public void close() {
        container.stop();
    }
}
