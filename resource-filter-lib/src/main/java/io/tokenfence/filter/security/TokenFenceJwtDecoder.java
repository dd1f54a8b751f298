package io.tokenfence.filter.security;

import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.verify.TokenRejectedException;
import io.tokenfence.filter.verify.TokenRejectedException.Reason;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.verify.VerifiedToken;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The TokenFence checks as a Spring Security {@link JwtDecoder}: the same verification as the servlet filter (JWKS,
 * algorithm allow-list, {@code iss}/{@code aud}/{@code exp}/{@code nbf}), the verified-token cache, so a repeat token
 * skips the signature check, and the revocation blacklist on every call.
 *
 * <p>A rejected token becomes a {@link BadJwtException}, which Spring Security's resource server answers with 401 and
 * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="..."} (RFC 6750).
 */
public final class TokenFenceJwtDecoder implements JwtDecoder {

    private final TokenVerifier verifier;
    private final Blacklist blacklist;
    private final Counter accepted;
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);

    public TokenFenceJwtDecoder(TokenVerifier verifier, Blacklist blacklist, MeterRegistry registry) {
        this.verifier = verifier;
        this.blacklist = blacklist;
        // The same meter as the servlet filter's, so dashboards do not care which integration a service uses.
        this.accepted = outcome(registry, "accepted");
        for (Reason reason : Reason.values()) {
            rejected.put(reason, outcome(registry, reason.tag()));
        }
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("tokenfence.filter.requests").description("Requests to protected paths by outcome")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        try {
            VerifiedToken verified = verifier.verify(token);
            if (blacklist.isRevoked(verified)) {
                throw new TokenRejectedException(Reason.REVOKED, "The access token has been revoked");
            }
            accepted.increment();
            return toJwt(token, verified);
        } catch (TokenRejectedException e) {
            rejected.get(e.reason()).increment();
            throw new BadJwtException(e.getMessage());
        }
    }

    private static Jwt toJwt(String token, VerifiedToken verified) {
        Map<String, Object> claims = new LinkedHashMap<>(verified.claims());
        // Spring Security reads the time claims as Instants.
        claims.replaceAll((name, value) -> value instanceof Date date ? date.toInstant() : value);
        claims.put("iat", verified.iat());
        claims.put("exp", verified.exp());
        Map<String, Object> header = verified.header().isEmpty() ? Map.of("alg", "unknown") : verified.header();
        return new Jwt(token, verified.iat(), verified.exp(), header, claims);
    }
}
