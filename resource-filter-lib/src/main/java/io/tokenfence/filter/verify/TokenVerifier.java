package io.tokenfence.filter.verify;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.io.DecodingException;
import io.tokenfence.filter.verify.TokenRejectedException.Reason;

/**
 * Verifies access tokens locally: signature against the issuer's JWKS with an algorithm allow-list (never
 * {@code none}, never HMAC; {@code jku}, {@code x5u} and embedded {@code jwk} headers are never used to find a key),
 * then {@code iss}, {@code aud}, {@code exp} and {@code nbf} with a small leeway.
 *
 * <p>A token verified once is cached until its {@code exp}, keyed by the token itself (an exact match, so no crafted
 * collision can borrow another token's verification), and skips the signature check when seen again. Revocation is
 * not decided here: the caller consults the blacklist on every request.
 */
public final class TokenVerifier {

    private static final int MAX_TOKEN_LENGTH = 8192;

    private final JwtParser parser;
    private final Cache<String, VerifiedToken> verified;
    private final Clock clock;
    private final Duration leeway;

    public TokenVerifier(PublicKeySource keys, String issuer, String audience, Set<String> algorithms, Duration leeway,
                         long cacheSize, Clock clock) {
        Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
        Set<String> allowed = Set.copyOf(algorithms);
        if (allowed.stream().anyMatch(alg -> alg.equalsIgnoreCase("none") || alg.startsWith("HS"))) {
            throw new IllegalArgumentException("tokenfence.filter.algorithms may hold only asymmetric algorithms, was "
                    + allowed);
        }
        var builder = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(ProtectedHeader header) {
                        String alg = header.getAlgorithm();
                        if (alg == null || !allowed.contains(alg)) {
                            throw new KeyRejected("algorithm not allowed");
                        }
                        String kid = header.getKeyId();
                        PublicKeySource.PublishedKey key = kid == null || kid.length() > 256 ? null : keys.find(kid);
                        if (key == null) {
                            throw new KeyRejected("unknown key");
                        }
                        if (key.algorithm() != null && !key.algorithm().equals(alg)) {
                            throw new KeyRejected("key not published for this algorithm");
                        }
                        return key.key();
                    }
                })
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(leeway.toSeconds())
                .requireAudience(audience);
        if (issuer != null && !issuer.isBlank()) {
            builder.requireIssuer(issuer);
        }
        this.parser = builder.build();
        this.verified = Caffeine.newBuilder()
                .maximumSize(cacheSize)
                .expireAfter(Expiry.creating((String token, VerifiedToken claims) ->
                        positive(Duration.between(clock.instant(), claims.exp().plus(leeway)))))
                .build();
    }

    /** The verified claims of {@code token}; throws {@link TokenRejectedException} when it is not acceptable. */
    public VerifiedToken verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException(Reason.MALFORMED, "The access token is malformed");
        }
        VerifiedToken cached = verified.getIfPresent(token);
        if (cached != null) {
            if (clock.instant().isAfter(cached.exp().plus(leeway))) {
                verified.invalidate(token);
                throw new TokenRejectedException(Reason.EXPIRED, "The access token expired");
            }
            return cached;
        }
        VerifiedToken fresh = parse(token);
        verified.put(token, fresh);
        return fresh;
    }

    /**
     * Verifies {@code token} without consulting or filling the verified-token cache: what a first-seen token costs.
     * For benchmarks and diagnostics; requests go through {@link #verify(String)}.
     */
    public VerifiedToken verifyUncached(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException(Reason.MALFORMED, "The access token is malformed");
        }
        return parse(token);
    }

    private VerifiedToken parse(String token) {
        Claims claims;
        Map<String, Object> header;
        try {
            var jws = parser.parseSignedClaims(token);
            claims = jws.getPayload();
            header = Map.copyOf(jws.getHeader());
        } catch (ExpiredJwtException e) {
            throw new TokenRejectedException(Reason.EXPIRED, "The access token expired");
        } catch (PrematureJwtException | IncorrectClaimException | MissingClaimException e) {
            throw new TokenRejectedException(Reason.INVALID, "The access token is not valid here");
        } catch (MalformedJwtException | DecodingException | IllegalArgumentException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "The access token is malformed");
        } catch (JwtException | KeyRejected | ClassCastException e) {
            throw new TokenRejectedException(Reason.INVALID_SIGNATURE, "The access token signature is invalid");
        }
        if (claims.getSubject() == null || claims.getIssuedAt() == null || claims.getExpiration() == null) {
            throw new TokenRejectedException(Reason.INVALID, "The access token lacks sub, iat or exp");
        }
        Object rawRoles = claims.get("roles");
        List<String> roles = rawRoles instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        Object sid = claims.get("sid");
        return new VerifiedToken(claims.getSubject(), sid instanceof String s ? s : null, claims.getId(),
                claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant(), roles, Map.copyOf(claims),
                header);
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** How many verified tokens are cached. */
    public long cachedTokens() {
        return verified.estimatedSize();
    }

    /** Thrown by the key locator; mapped to {@link Reason#INVALID_SIGNATURE}. */
    private static final class KeyRejected extends RuntimeException {
        KeyRejected(String message) {
            super(message, null, false, false);
        }
    }

}
