package io.tokenfence.auth.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the auth service's Redisson client is built on top of the Redisson starter, which reads
 * {@code spring.data.redis.host/port}, {@code spring.data.redis.cluster.nodes} or {@code spring.data.redis.sentinel.*}.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    @Bean
    MasterReadsCustomizer masterReadsCustomizer() {
        return new MasterReadsCustomizer();
    }
}
