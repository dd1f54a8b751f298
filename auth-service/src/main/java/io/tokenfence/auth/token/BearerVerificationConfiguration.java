package io.tokenfence.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.keys.KeyRingPublicKeys;
import io.tokenfence.auth.keys.KeyRingSource;
import io.tokenfence.auth.keys.SigningAlgorithm;
import io.tokenfence.auth.revocation.outbox.OutboxProperties;
import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.blacklist.CaffeineBlacklist;
import io.tokenfence.filter.events.RevocationConsumer;
import io.tokenfence.filter.events.RevocationEventCodec;
import io.tokenfence.filter.verify.TokenVerifier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's own bearer endpoints are protected by the resource filter library, like any resource server: its
 * {@link TokenVerifier} (with the same attack-tested checks and verified-token cache) against the key ring this
 * service signs with, and its blacklist kept current from the revocation topic. The library's auto-configuration
 * stays off here ({@code tokenfence.filter.enabled=false}) because the issuer needs no JWKS round trip and answers
 * with its own problem details.
 */
@Configuration(proxyBeanMethods = false)
public class BearerVerificationConfiguration {

    /** Same leeway the resource servers default to. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final long VERIFIED_TOKEN_CACHE_SIZE = 10_000;
    private static final long BLACKLIST_MAXIMUM_SIZE = 1_000_000;

    @Bean
    TokenVerifier bearerTokenVerifier(KeyRingSource keys, AuthProperties properties, Clock clock) {
        Set<String> algorithms = Arrays.stream(SigningAlgorithm.values()).map(SigningAlgorithm::joseName)
                .collect(Collectors.toUnmodifiableSet());
        return new TokenVerifier(new KeyRingPublicKeys(keys), properties.issuer(), properties.audience(), algorithms,
                CLOCK_SKEW, VERIFIED_TOKEN_CACHE_SIZE, clock);
    }

    @Bean
    Blacklist bearerBlacklist(Clock clock, MeterRegistry registry) {
        return new CaffeineBlacklist(clock, Ticker.systemTicker(), BLACKLIST_MAXIMUM_SIZE, registry);
    }

    /** Feeds the blacklist from the topic the service publishes to (only when revocations go to Kafka). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "tokenfence.auth.revocations.transport", havingValue = "kafka",
            matchIfMissing = true)
    static class RevocationListening {

        @Bean(initMethod = "start", destroyMethod = "close")
        RevocationConsumer bearerRevocationConsumer(KafkaProperties kafka,
                                                    ObjectProvider<KafkaConnectionDetails> connection,
                                                    OutboxProperties revocations, AuthProperties properties,
                                                    Blacklist blacklist, Clock clock, MeterRegistry registry) {
            Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
            KafkaConnectionDetails details = connection.getIfAvailable();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, details != null
                    ? details.getConsumer().getBootstrapServers() : kafka.getBootstrapServers());
            // An entry is needed only while a token it could match may still be presented.
            Duration replayWindow = properties.accessToken().ttl().plus(CLOCK_SKEW);
            return new RevocationConsumer(config, revocations.topic(), replayWindow, Duration.ofMillis(200),
                    Duration.ofSeconds(2), new RevocationEventCodec(), blacklist, clock, registry);
        }
    }
}
