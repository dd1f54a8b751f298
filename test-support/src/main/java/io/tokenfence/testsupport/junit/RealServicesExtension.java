package io.tokenfence.testsupport.junit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tokenfence.testsupport.kafka.KafkaBroker;
import io.tokenfence.testsupport.kafka.KafkaBrokers;
import io.tokenfence.testsupport.redis.RedisEndpoint;
import io.tokenfence.testsupport.redis.RedisServer;
import io.tokenfence.testsupport.redis.RedisServers;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a real Redis for each test class (Testcontainers where Docker runs, a local {@code redis-server} otherwise)
 * and stops it after the class. Test classes run one at a time in a Surefire fork, so the "current" server is a
 * static that {@code @DynamicPropertySource} methods can read.
 *
 * <p>Kafka is different: a broker takes seconds to start, so {@link #kafka()} starts ONE broker per JVM on first use,
 * shared by every test class and stopped when the JUnit run ends (root store close, or JVM exit). Test classes keep
 * apart by topic: {@link #kafkaTopic()} gives each class a topic of its own.
 */
public final class RealServicesExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            RealServicesExtension.class);
    private static final int TOPIC_PARTITIONS = 3;

    private static volatile RedisServer current;
    private static volatile Class<?> currentTestClass;
    private static final Map<Class<?>, String> topics = new ConcurrentHashMap<>();

    /** The {@code bootstrap.servers} of the JVM's shared Kafka broker, started on the first call. */
    public static String kafka() {
        return kafkaBroker().bootstrapServers();
    }

    /** The JVM's shared Kafka broker, started on the first call. */
    public static KafkaBroker kafkaBroker() {
        return KafkaBrokers.shared();
    }

    /**
     * The Kafka topic of the test class that is running now, created on the first call with three partitions (more
     * than one, so consumers that must read every partition are tested as such).
     */
    public static String kafkaTopic() {
        Class<?> testClass = currentTestClass;
        if (testClass == null) {
            throw new IllegalStateException("No test class is running: annotate the test class with @RealServices");
        }
        return topics.computeIfAbsent(testClass, type -> {
            String topic = KafkaBrokers.topicName(type);
            kafkaBroker().createTopic(topic, TOPIC_PARTITIONS);
            return topic;
        });
    }

    /** The Redis of the test class that is running now. */
    public static RedisEndpoint redis() {
        RedisServer server = current;
        if (server == null) {
            throw new IllegalStateException("No real Redis is running: annotate the test class with @RealServices");
        }
        return server.endpoint();
    }

    /** The running server itself, for tests that stop or restart it. */
    public static RedisServer redisServer() {
        RedisServer server = current;
        if (server == null) {
            throw new IllegalStateException("No real Redis is running: annotate the test class with @RealServices");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getTestClass().map(c -> c.getEnclosingClass() != null && current != null).orElse(false)) {
            return; // a @Nested class shares its outer class's server
        }
        // The shared broker outlives test classes; closing the root store (end of the run) stops it if it started.
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(SharedKafkaStopper.class);
        currentTestClass = context.getRequiredTestClass();
        current = RedisServers.startForTests();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getTestClass().map(c -> c.getEnclosingClass() != null).orElse(false)) {
            return;
        }
        RedisServer server = current;
        current = null;
        currentTestClass = null;
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == RedisEndpoint.class || type == RedisServer.class || type == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == KafkaBroker.class) {
            return kafkaBroker();
        }
        return type == RedisEndpoint.class ? redis() : redisServer();
    }

    /** Lives in the root store; JUnit closes it when the whole run ends. */
    static final class SharedKafkaStopper implements AutoCloseable {

        @Override
        public void close() {
            KafkaBrokers.stopShared();
        }
    }
}
