package io.tokenfence.filter.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.blacklist.CaffeineBlacklist;
import io.tokenfence.filter.events.RevocationConsumer;
import io.tokenfence.filter.events.RevocationEventCodec;
import io.tokenfence.filter.verify.JwksKeySource;
import io.tokenfence.filter.verify.PublicKeySource;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.web.TokenFenceFilter;
import io.tokenfence.filter.web.VerifiedTokenArgumentResolver;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Everything a resource server needs from one dependency: token verification against the issuer's JWKS, a revocation
 * blacklist kept current from the revocation topic, and (in a servlet web application) the filter that applies both.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnProperty(name = "tokenfence.filter.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TokenFenceFilterProperties.class)
public class TokenFenceFilterAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock tokenFenceClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    Blacklist tokenFenceBlacklist(TokenFenceFilterProperties properties, Clock clock,
                                  ObjectProvider<MeterRegistry> registry) {
        return new CaffeineBlacklist(clock, Ticker.systemTicker(), properties.blacklistMaximumSize(),
                registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnMissingBean(PublicKeySource.class)
    JwksKeySource tokenFenceJwksKeySource(TokenFenceFilterProperties properties, Clock clock) {
        return new JwksKeySource(properties.jwksUri(), properties.issuer(), properties.jwksCacheLifetime(),
                properties.jwksMinRefetchInterval(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenVerifier tokenFenceTokenVerifier(PublicKeySource keys, TokenFenceFilterProperties properties, Clock clock) {
        return new TokenVerifier(keys, properties.issuer(), properties.audience(),
                new HashSet<>(properties.algorithms()), properties.clockSkew(), properties.verifiedTokenCacheSize(),
                clock);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.apache.kafka.clients.consumer.KafkaConsumer")
    RevocationConsumer tokenFenceRevocationConsumer(TokenFenceFilterProperties properties, KafkaProperties kafka,
                                                    ObjectProvider<KafkaConnectionDetails> connection,
                                                    Blacklist blacklist, Clock clock,
                                                    ObjectProvider<MeterRegistry> registry) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        KafkaConnectionDetails details = connection.getIfAvailable();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, details != null
                ? details.getConsumer().getBootstrapServers() : kafka.getBootstrapServers());
        return new RevocationConsumer(config, properties.topic(), properties.replayWindow(), Duration.ofMillis(200),
                Duration.ofSeconds(2), new RevocationEventCodec(), blacklist, clock,
                registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Bean(name = "revocations")
        @ConditionalOnMissingBean(name = "revocations")
        RevocationsHealthIndicator revocationsHealthIndicator(RevocationConsumer consumer,
                                                              TokenFenceFilterProperties properties) {
            return new RevocationsHealthIndicator(consumer, properties.maxStaleness(),
                    properties.staleMode() == TokenFenceFilterProperties.StaleMode.FAIL_CLOSED);
        }
    }

    /** The plain servlet filter, for applications without Spring Security's resource server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
    @ConditionalOnMissingClass(TokenFenceSecurityAutoConfiguration.RESOURCE_SERVER_CLASS)
    static class ServletFilterConfiguration {

        @Bean
        @ConditionalOnMissingBean(TokenFenceFilter.class)
        FilterRegistrationBean<TokenFenceFilter> tokenFenceFilter(TokenFenceFilterProperties properties,
                                                                  TokenVerifier verifier, Blacklist blacklist,
                                                                  RevocationConsumer consumer,
                                                                  ObjectProvider<MeterRegistry> registry) {
            TokenFenceFilter filter = new TokenFenceFilter(properties.protectedPaths(), properties.openPaths(),
                    verifier, blacklist, () -> properties.refusesWhenStale(consumer.staleness()),
                    registry.getIfAvailable(SimpleMeterRegistry::new));
            FilterRegistrationBean<TokenFenceFilter> registration = new FilterRegistrationBean<>(filter);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            return registration;
        }

        @Bean
        WebMvcConfigurer tokenFenceArgumentResolver() {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new VerifiedTokenArgumentResolver());
                }
            };
        }
    }
}
