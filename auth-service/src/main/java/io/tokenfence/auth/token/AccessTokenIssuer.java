package io.tokenfence.auth.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import io.jsonwebtoken.Jwts;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.keys.KeyRingSource;
import io.tokenfence.auth.keys.SigningKey;

/** Signs access tokens: {@code iss, aud, sub, sid, jti, iat, exp, roles}, with the ring's active key as {@code kid}. */
public final class AccessTokenIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRingSource keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;

    public AccessTokenIssuer(KeyRingSource keys, AuthProperties properties, Clock clock) {
        this.keys = keys;
        this.issuer = properties.issuer();
        this.audience = properties.audience();
        this.ttl = properties.accessToken().ttl();
        this.clock = clock;
    }

    public AccessToken issue(String subject, String sid, List<String> roles) {
        Instant exact = clock.instant();
        // JWT times have second precision; truncating keeps iat comparable with revocation instants.
        Instant now = Instant.ofEpochSecond(exact.getEpochSecond());
        Instant expiresAt = now.plus(ttl);
        SigningKey key = keys.current().signingKey(exact);
        String jti = randomId();
        String value = Jwts.builder()
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
