package io.tokenfence.testsupport.junit;

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
 */
public final class RealServicesExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static volatile RedisServer current;

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
        current = RedisServers.startForTests();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getTestClass().map(c -> c.getEnclosingClass() != null).orElse(false)) {
            return;
        }
        RedisServer server = current;
        current = null;
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == RedisEndpoint.class || type == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisEndpoint.class ? redis() : redisServer();
    }
}
