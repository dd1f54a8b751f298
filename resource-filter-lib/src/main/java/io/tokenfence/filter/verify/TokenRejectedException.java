package io.tokenfence.filter.verify;

import java.util.Locale;
import java.util.Objects;

/** A presented access token was not accepted; {@link #reason()} says why, for metrics and the RFC 6750 answer. */
public final class TokenRejectedException extends RuntimeException {

    /** Why a token was rejected; also the {@code outcome} tag of the request metric. */
    public enum Reason {
        /** Not a JWS at all, or an oversized one. */
        MALFORMED,
        /** Signature does not verify, unknown key, or an algorithm outside the allow-list. */
        INVALID_SIGNATURE,
        /** Past its {@code exp} (beyond the clock-skew leeway). */
        EXPIRED,
        /** Wrong issuer or audience, not yet valid ({@code nbf}), or missing required claims. */
        INVALID,
        /** Listed in the revocation blacklist. */
        REVOKED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String description) {
        // Rejections are expected traffic; a stack trace would be pure cost.
        super(description, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
