package io.tokenfence.filter.autoconfigure;

import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.events.RevocationConsumer;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.verify.VerifiedToken;
import io.tokenfence.filter.security.TokenFenceJwtDecoder;
import io.tokenfence.filter.web.StaleRevocationsFilter;
import io.tokenfence.filter.web.TokenFenceFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class TokenFenceFilterAutoConfigurationTest {

    // Kafka on a port nobody listens on: the consumer thread starts and simply finds no broker. Spring Security's
    // resource server is hidden: these tests are about an application without it.
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                    TokenFenceFilterAutoConfiguration.class, TokenFenceSecurityAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(BearerTokenAuthenticationToken.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1");

    private final WebApplicationContextRunner springSecurityRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                    TokenFenceFilterAutoConfiguration.class, TokenFenceSecurityAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1",
                    "tokenfence.filter.issuer=http://localhost:8080");

    @Test
    void withSpringSecuritysResourceServerTheDecoderReplacesTheServletFilter() {
        springSecurityRunner.run(context -> assertThat(context).hasSingleBean(TokenFenceJwtDecoder.class)
                .doesNotHaveBean(TokenFenceFilter.class)
                .getBean("tokenFenceStaleRevocationsFilter", FilterRegistrationBean.class)
                .extracting(FilterRegistrationBean::getFilter).isInstanceOf(StaleRevocationsFilter.class));
    }

    @Test
    void anApplicationsOwnJwtDecoderIsKept() {
        JwtDecoder own = token -> {
            throw new BadJwtException("own decoder");
        };
        springSecurityRunner.withBean(JwtDecoder.class, () -> own).run(context ->
                assertThat(context.getBean(JwtDecoder.class)).isSameAs(own));
    }

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
