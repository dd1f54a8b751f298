package io.tokenfence.filter.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.events.RevocationConsumer;
import io.tokenfence.filter.security.TokenFenceJwtDecoder;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.web.StaleRevocationsFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * With Spring Security's resource server on the class path, TokenFence contributes the {@link JwtDecoder}: Spring
 * Security then applies revocation checks, the verified-token cache and TokenFence's verification rules with no other
 * change to the application. It runs before Boot's resource-server auto-configuration, whose own decoder backs off.
 * An application that defines its own {@code JwtDecoder} keeps it (and gets no revocation checks from TokenFence).
 */
@AutoConfiguration(after = TokenFenceFilterAutoConfiguration.class, beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web."
                + "OAuth2ResourceServerWebSecurityAutoConfiguration"})
@ConditionalOnClass(name = {"org.springframework.security.oauth2.jwt.JwtDecoder",
        TokenFenceSecurityAutoConfiguration.RESOURCE_SERVER_CLASS})
@ConditionalOnBean(TokenVerifier.class)
public class TokenFenceSecurityAutoConfiguration {

    /** Present when Spring Security's resource server is; then it, not the plain filter, handles bearer tokens. */
    static final String RESOURCE_SERVER_CLASS =
            "org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken";

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    TokenFenceJwtDecoder tokenFenceJwtDecoder(TokenVerifier verifier, Blacklist blacklist,
                                              ObjectProvider<MeterRegistry> registry) {
        return new TokenFenceJwtDecoder(verifier, blacklist, registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnBean(RevocationConsumer.class)
    @ConditionalOnMissingBean(StaleRevocationsFilter.class)
    FilterRegistrationBean<StaleRevocationsFilter> tokenFenceStaleRevocationsFilter(
            TokenFenceFilterProperties properties, RevocationConsumer consumer,
            ObjectProvider<MeterRegistry> registry) {
        StaleRevocationsFilter filter = new StaleRevocationsFilter(properties.protectedPaths(), properties.openPaths(),
                () -> properties.refusesWhenStale(consumer.staleness()),
                registry.getIfAvailable(SimpleMeterRegistry::new));
        FilterRegistrationBean<StaleRevocationsFilter> registration = new FilterRegistrationBean<>(filter);
        // Ahead of Spring Security's filter chain (order -100).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
