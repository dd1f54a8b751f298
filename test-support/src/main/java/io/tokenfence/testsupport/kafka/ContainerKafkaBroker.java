package io.tokenfence.testsupport.kafka;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Kafka in a container ({@code apache/kafka}, KRaft), for machines with a reachable Docker engine. */
public final class ContainerKafkaBroker implements KafkaBroker {

    static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:4.1.0");

    private final KafkaContainer container;

    private ContainerKafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    public static ContainerKafkaBroker start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        container.start();
        return new ContainerKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
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
