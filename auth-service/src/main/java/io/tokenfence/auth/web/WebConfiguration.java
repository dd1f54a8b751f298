package io.tokenfence.auth.web;

import java.time.Clock;

import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.session.SessionStore;
import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.verify.TokenVerifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** HTTP adapters' collaborators. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    BearerTokens bearerTokens(TokenVerifier verifier, Blacklist blacklist, SessionStore sessions,
                              AuthProperties properties, Clock clock) {
        return new BearerTokens(verifier, blacklist, sessions, properties, clock);
    }

    @Bean
    RefreshTokenTransport refreshTokenTransport(AuthProperties properties) {
        return new RefreshTokenTransport(properties);
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(AuthProperties properties) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties.maxRequestBytes()));
        registration.addUrlPatterns("/auth/*", "/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
