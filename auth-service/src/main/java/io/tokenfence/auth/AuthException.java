package io.tokenfence.auth;

import java.time.Duration;
import java.util.Objects;

/** An auth decision that ends the request with an error answer. Carries no secret in its message. */
public final class AuthException extends RuntimeException {

    private final AuthError error;
    private final Duration retryAfter;

    public AuthException(AuthError error, String description) {
        this(error, description, null);
    }

    public AuthException(AuthError error, String description, Duration retryAfter) {
        // Decisions, not failures: no stack trace to fill in on the hot path.
        super(description, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.retryAfter = retryAfter;
    }

    public AuthError error() {
        return error;
    }

    /** For {@link AuthError#RATE_LIMITED}: how long to wait; otherwise {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
