package io.tokenfence.auth.storage;

import io.tokenfence.auth.config.AuthProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the auth service's Redisson client is built on top of the Redisson starter, which reads
 * {@code spring.data.redis.host/port}, {@code spring.data.redis.cluster.nodes} or {@code spring.data.redis.sentinel.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class RedisClientConfiguration {

    @Bean
    MasterReadsCustomizer masterReadsCustomizer() {
        return new MasterReadsCustomizer();
    }

    @Bean
    RedisIoThreadsCustomizer redisIoThreadsCustomizer(AuthProperties properties) {
        return new RedisIoThreadsCustomizer(properties.redis(), Runtime.getRuntime().availableProcessors());
    }
}
