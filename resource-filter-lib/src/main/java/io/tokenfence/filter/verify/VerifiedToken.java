package io.tokenfence.filter.verify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An access token whose signature, issuer, audience and lifetime have been checked. Immutable; cached and shared
 * between requests that present the same token string.
 *
 * @param sub    the subject (user id)
 * @param sid    the session id ({@code sid} claim), {@code null} when the token has none
 * @param jti    the token id, {@code null} when the token has none
 * @param iat    when the token was issued
 * @param exp    when the token expires
 * @param roles  the {@code roles} claim, empty when absent
 * @param claims every claim, unmodifiable
 * @param header the JOSE header ({@code alg}, {@code kid}, ...), unmodifiable
 */
public record VerifiedToken(String sub, String sid, String jti, Instant iat, Instant exp, List<String> roles,
        Map<String, Object> claims, Map<String, Object> header) {

    /** Name of the request attribute that carries the verified token of the current request. */
    public static final String REQUEST_ATTRIBUTE = VerifiedToken.class.getName();

    public VerifiedToken {
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(iat, "iat");
        Objects.requireNonNull(exp, "exp");
        roles = roles == null ? List.of() : List.copyOf(roles);
        claims = claims == null ? Map.of() : Map.copyOf(claims);
        header = header == null ? Map.of() : Map.copyOf(header);
    }
}
