package io.tokenfence.testsupport.kafka;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real KRaft broker running inside this JVM (spring-kafka-test's {@link EmbeddedKafkaKraftBroker}), for machines
 * without Docker. It speaks the real protocol on a loopback port, so clients cannot tell it from a remote broker.
 */
public final class EmbeddedKraftKafkaBroker implements KafkaBroker {

    private final EmbeddedKafkaKraftBroker broker;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKraftKafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    public static EmbeddedKraftKafkaBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // Tests create their topics explicitly, with the partition count they need.
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        return new EmbeddedKraftKafkaBroker(broker);
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public String description() {
        return "in-process KRaft broker (spring-kafka-test)";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            broker.destroy();
        }
    }
}
