package io.tokenfence.auth.token;

import java.security.Key;
import java.time.Clock;
import java.util.Date;
import java.util.List;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.keys.KeyRingSource;
import io.tokenfence.auth.keys.SigningKey;

/**
 * Verifies access tokens the service issued itself (for its own bearer endpoints), against its own key ring: no JWKS
 * round trip, and only the algorithms and keys the ring holds.
 */
public final class AccessTokenVerifier {

    private final JwtParser parser;

    public AccessTokenVerifier(KeyRingSource keys, AuthProperties properties, Clock clock) {
        this.parser = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(ProtectedHeader header) {
                        String kid = header.getKeyId();
                        SigningKey key = kid == null ? null : keys.current().find(kid).orElse(null);
                        if (key == null || !key.algorithm().joseName().equals(header.getAlgorithm())) {
                            throw new InvalidAccessTokenException("unknown key or algorithm");
                        }
                        return key.publicKey();
                    }
                })
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(30)
                .requireIssuer(properties.issuer())
                .requireAudience(properties.audience())
                .build();
    }

    public VerifiedAccessToken verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw new InvalidAccessTokenException("malformed token");
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (ExpiredJwtException e) {
            throw new InvalidAccessTokenException("token expired");
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidAccessTokenException("invalid token");
        }
        String sid = claims.get("sid", String.class);
        if (claims.getSubject() == null || sid == null || claims.getIssuedAt() == null) {
            throw new InvalidAccessTokenException("token lacks sub, sid or iat");
        }
        List<?> rawRoles = claims.get("roles", List.class);
        List<String> roles = rawRoles == null ? List.of() : rawRoles.stream().map(String::valueOf).toList();
        return new VerifiedAccessToken(claims.getSubject(), sid, claims.getId(), claims.getIssuedAt().toInstant(),
                claims.getExpiration().toInstant(), roles);
    }
}
