package io.tokenfence.auth.token;

import java.security.Provider;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.keys.KeyRingSource;
import io.tokenfence.auth.keys.SignatureProvider;
import io.tokenfence.auth.keys.SigningAlgorithm;
import io.tokenfence.auth.keys.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signs access tokens: {@code iss, aud, sub, sid, jti, iat, exp, roles}, with the ring's active key as {@code kid}. */
public final class AccessTokenIssuer {

    private static final Logger log = LoggerFactory.getLogger(AccessTokenIssuer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRingSource keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final SignatureProvider providerChoice;
    private final int javaVersion = Runtime.version().feature();

    public AccessTokenIssuer(KeyRingSource keys, AuthProperties properties, Clock clock) {
        this.keys = keys;
        this.issuer = properties.issuer();
        this.audience = properties.audience();
        this.ttl = properties.accessToken().ttl();
        this.clock = clock;
        this.providerChoice = properties.accessToken().signatureProvider();
        // Build the provider of the configured algorithm now, not in the first login.
        signatureProvider(properties.accessToken().algorithm());
        // Every algorithm, not only the configured one: static keys and keys from before a change sign with theirs.
        log.info("Access tokens are signed with {} (signature-provider {}, Java {})",
                Arrays.stream(SigningAlgorithm.values()).map(algorithm -> algorithm.joseName() + " by " + (
                        providerChoice.signsWithBouncyCastle(algorithm, javaVersion) ? "Bouncy Castle" : "the JDK"))
                        .collect(Collectors.joining(", ")), providerChoice, javaVersion);
    }

    /**
     * The provider that signs {@code algorithm}; empty when the JDK's own does. Per algorithm, since a ring holds keys
     * of the previous algorithm for a while after the setting changes.
     */
    public Optional<Provider> signatureProvider(SigningAlgorithm algorithm) {
        return providerChoice.resolve(algorithm, javaVersion);
    }

    public AccessToken issue(String subject, String sid, List<String> roles) {
        Instant exact = clock.instant();
        // JWT times have second precision; truncating keeps iat comparable with revocation instants.
        Instant now = Instant.ofEpochSecond(exact.getEpochSecond());
        Instant expiresAt = now.plus(ttl);
        SigningKey key = keys.current().signingKey(exact);
        String jti = randomId();
        JwtBuilder builder = Jwts.builder();
        signatureProvider(key.algorithm()).ifPresent(builder::provider);
        String value = builder
                .header().keyId(key.kid()).and()
                .issuer(issuer)
                .audience().add(audience).and()
                .subject(subject)
                .claim("sid", sid)
                .id(jti)
                .issuedAt(Date.from(now))
                .expiration(Date.from(expiresAt))
                .claim("roles", roles)
                .signWith(key.privateKey(), key.algorithm().jjwt())
                .compact();
        return new AccessToken(value, jti, now, expiresAt);
    }

    public Duration ttl() {
        return ttl;
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
