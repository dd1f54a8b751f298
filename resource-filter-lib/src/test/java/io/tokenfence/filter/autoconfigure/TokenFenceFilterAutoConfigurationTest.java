package io.tokenfence.filter.autoconfigure;

import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.events.RevocationConsumer;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.verify.VerifiedToken;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TokenFenceFilterAutoConfigurationTest {

    // Kafka on a port nobody listens on: the consumer thread starts and simply finds no broker.
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                    TokenFenceFilterAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1");

    @Test
    void filterVerifierBlacklistAndConsumerAreConfiguredFromTheIssuerAlone() {
        runner.withPropertyValues("tokenfence.filter.issuer=http://localhost:8080").run(context -> {
            assertThat(context).hasSingleBean(TokenVerifier.class).hasSingleBean(Blacklist.class)
                    .hasSingleBean(RevocationConsumer.class).hasSingleBean(FilterRegistrationBean.class);
            TokenFenceFilterProperties properties = context.getBean(TokenFenceFilterProperties.class);
            assertThat(properties.audience()).isEqualTo("tokenfence");
            assertThat(properties.algorithms()).containsExactly("ES256", "RS256", "EdDSA");
            assertThat(properties.staleMode()).isEqualTo(TokenFenceFilterProperties.StaleMode.FAIL_OPEN);
            assertThat(properties.topic()).isEqualTo("tokenfence.revocations");
        });
    }

    @Test
    void startupFailsNamingThePropertyWhenNeitherIssuerNorJwksUriIsSet() {
        runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("tokenfence.filter.issuer"));
    }

    @Test
    void hmacInTheAlgorithmAllowListFailsStartup() {
        runner.withPropertyValues("tokenfence.filter.issuer=http://localhost:8080",
                "tokenfence.filter.algorithms=ES256,HS256").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("tokenfence.filter.algorithms"));
    }

    @Test
    void blacklistBacksOffWhenTheApplicationDefinesOne() {
        runner.withPropertyValues("tokenfence.filter.issuer=http://localhost:8080")
                .withUserConfiguration(OwnBlacklist.class)
                .run(context -> assertThat(context.getBean(Blacklist.class)).isSameAs(OwnBlacklist.INSTANCE));
    }

    @Test
    void everythingBacksOffWhenDisabled() {
        runner.withPropertyValues("tokenfence.filter.enabled=false").run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean(TokenVerifier.class).doesNotHaveBean(RevocationConsumer.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBlacklist {
        static final Blacklist INSTANCE = new Blacklist() {
            @Override
            public boolean isRevoked(VerifiedToken token) {
                return false;
            }

            @Override
            public boolean apply(io.tokenfence.filter.events.RevocationEvent event) {
                return true;
            }

            @Override
            public long size() {
                return 0;
            }
        };

        @Bean
        Blacklist blacklist() {
            return INSTANCE;
        }
    }
}
