package io.tokenfence.auth.storage;

import io.tokenfence.auth.config.AuthProperties;
import org.redisson.config.Config;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

/**
 * Sizes the Redis client's Netty event loop from {@code tokenfence.auth.redis.io-threads}. Every round trip is handed
 * to an event-loop thread and answered from it; with Redisson's default of 32 threads on a small machine nearly every
 * hand-off wakes a different sleeping thread, and measured side by side that cost a refresh more CPU than the
 * parallelism gave back.
 */
public final class RedisIoThreadsCustomizer implements RedissonAutoConfigurationCustomizer {

    private final AuthProperties.Redis redis;
    private final int processors;

    public RedisIoThreadsCustomizer(AuthProperties.Redis redis, int processors) {
        this.redis = redis;
        this.processors = processors;
    }

    @Override
    public void customize(Config config) {
        config.setNettyThreads(redis.ioThreadsFor(processors));
    }
}
