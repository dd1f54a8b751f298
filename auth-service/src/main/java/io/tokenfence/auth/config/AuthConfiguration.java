package io.tokenfence.auth.config;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.auth.keys.KeyRingSource;
import io.tokenfence.auth.keys.RedisKeyRingStore;
import io.tokenfence.auth.keys.StaticKeyRingSource;
import io.tokenfence.auth.login.LoginService;
import io.tokenfence.auth.metrics.AuthMetrics;
import io.tokenfence.auth.metrics.SigningKeyAge;
import io.tokenfence.auth.ratelimit.RateLimits;
import io.tokenfence.auth.revocation.LoggingRevocationPublisher;
import io.tokenfence.auth.revocation.LogoutService;
import io.tokenfence.auth.revocation.RevocationPublisher;
import io.tokenfence.auth.revocation.RevocationService;
import io.tokenfence.auth.rotation.RefreshTokenRotator;
import io.tokenfence.auth.rotation.TokenMinter;
import io.tokenfence.auth.session.RedissonSessionStore;
import io.tokenfence.auth.session.SessionStore;
import io.tokenfence.auth.storage.RedisLayout;
import io.tokenfence.auth.token.AccessTokenIssuer;
import io.tokenfence.auth.users.ConfiguredUsers;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

/** Wires the auth service's parts. Every bean an application may want to replace is conditional on a missing bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class AuthConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RedisLayout redisLayout(AuthProperties properties) {
        return new RedisLayout(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    KeyRingSource keyRingSource(AuthProperties properties, RedissonClient redisson, RedisLayout layout,
                                ResourceLoader resources, Clock clock) {
        return switch (properties.keys().source()) {
            case REDIS -> new RedisKeyRingStore(redisson, layout, JsonMapper.builder().build(), properties, clock);
            case STATIC -> new StaticKeyRingSource(properties.keys(), resources);
        };
    }

    @Bean
    AccessTokenIssuer accessTokenIssuer(KeyRingSource keys, AuthProperties properties, Clock clock) {
        return new AccessTokenIssuer(keys, properties, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    SessionStore sessionStore(RedissonClient redisson, RedisLayout layout, AuthProperties properties, Clock clock) {
        return new RedissonSessionStore(redisson, layout, properties, clock);
    }

    @Bean
    AuthMetrics authMetrics(MeterRegistry registry) {
        return new AuthMetrics(registry);
    }

    @Bean
    @ConditionalOnProperty(name = "tokenfence.auth.keys.source", havingValue = "redis", matchIfMissing = true)
    SigningKeyAge signingKeyAge(KeyRingSource keys, Clock clock, MeterRegistry registry) {
        return new SigningKeyAge(keys, clock, registry);
    }

    @Bean
    RateLimits rateLimits(RedissonClient redisson, RedisLayout layout, AuthProperties properties) {
        return new RateLimits(redisson, layout, properties);
    }

    @Bean
    @ConditionalOnProperty(name = "tokenfence.auth.revocations.transport", havingValue = "log")
    RevocationPublisher revocationPublisher() {
        return new LoggingRevocationPublisher();
    }

    @Bean
    RevocationService revocationService(SessionStore sessions, RevocationPublisher publisher, AuthMetrics metrics,
                                        AuthProperties properties, Clock clock) {
        return new RevocationService(sessions, publisher, metrics, properties.accessToken().ttl(), clock);
    }

    @Bean
    TokenMinter tokenMinter(AccessTokenIssuer issuer, AuthProperties properties) {
        return new TokenMinter(issuer, properties.sessions().inactivityTimeout());
    }

    @Bean
    RefreshTokenRotator refreshTokenRotator(SessionStore sessions, RedissonClient redisson, RedisLayout layout,
                                            TokenMinter minter, RevocationService revocations, RateLimits rateLimits,
                                            AuthMetrics metrics, AuthProperties properties, Clock clock) {
        return new RefreshTokenRotator(sessions, redisson, layout, minter, revocations, rateLimits, metrics, properties,
                clock);
    }

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @ConditionalOnMissingBean
    UserDetailsService userDetailsService(AuthProperties properties) {
        return ConfiguredUsers.from(properties.users());
    }

    @Bean
    LoginService loginService(UserDetailsService users, PasswordEncoder passwords, SessionStore sessions,
                              TokenMinter minter, RevocationService revocations, RateLimits rateLimits,
                              AuthMetrics metrics, AuthProperties properties, Clock clock) {
        return new LoginService(users, passwords, sessions, minter, revocations, rateLimits, metrics, properties, clock);
    }

    @Bean
    LogoutService logoutService(SessionStore sessions, RevocationService revocations) {
        return new LogoutService(sessions, revocations);
    }
}
