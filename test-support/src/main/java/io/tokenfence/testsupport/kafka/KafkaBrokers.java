package io.tokenfence.testsupport.kafka;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokenfence.testsupport.Docker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker per JVM, started on first use: a container when a Docker engine is reachable, else an
 * in-process KRaft broker. A broker takes several seconds to start, so test classes share it and keep apart by topic
 * name ({@link #topicName(Class)}), the way Redis tests keep apart by server.
 *
 * <p>{@code -Dtokenfence.test.backend=local} forces the in-process broker even where Docker runs.
 */
public final class KafkaBrokers {

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokers.class);
    private static final AtomicInteger topicCounter = new AtomicInteger();
    private static KafkaBroker shared;

    private KafkaBrokers() {
    }

    /** The broker of this JVM, started on the first call and stopped by {@link #stopShared()} or at JVM exit. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = startForTests();
            Thread hook = new Thread(KafkaBrokers::stopShared, "tokenfence-kafka-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return shared;
    }

    /** Whether {@link #shared()} has started a broker that is still running. */
    public static synchronized boolean sharedStarted() {
        return shared != null;
    }

    /** Stops the shared broker if one runs; idempotent. */
    public static synchronized void stopShared() {
        KafkaBroker broker = shared;
        shared = null;
        if (broker != null) {
            log.info("Stopping the shared Kafka for tests: {}", broker.description());
            broker.close();
        }
    }

    /** A fresh broker that the caller owns and must close. Prefer {@link #shared()} in tests. */
    public static KafkaBroker startForTests() {
        long started = System.nanoTime();
        KafkaBroker broker = Docker.preferred() ? ContainerKafkaBroker.start() : EmbeddedKraftKafkaBroker.start();
        log.info("Real Kafka for tests: {} at {} (started in {} ms)", broker.description(), broker.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return broker;
    }

    /**
     * A topic name of its own for {@code testClass}, unique within the JVM: {@code test.<simple-name>.<n>}, lower case,
     * restricted to the characters Kafka accepts.
     */
    public static String topicName(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return "test." + base + "." + topicCounter.incrementAndGet();
    }
}
