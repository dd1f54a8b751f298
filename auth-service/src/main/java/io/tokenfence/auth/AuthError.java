package io.tokenfence.auth;

/** The errors the auth endpoints answer with: an HTTP status and an OAuth 2.0 style {@code error} code. */
public enum AuthError {
    /** Malformed request: bad JSON, missing or mistyped fields. */
    INVALID_REQUEST(400, "invalid_request", "Invalid request"),
    /** Wrong credentials, or a refresh token that is unknown, expired, revoked or reused. */
    INVALID_GRANT(401, "invalid_grant", "Invalid grant"),
    /** No credentials at all on an endpoint that needs a bearer token. */
    UNAUTHORIZED(401, "unauthorized", "Authentication required"),
    /** A bearer access token that is missing, malformed, forged, expired or revoked. */
    INVALID_TOKEN(401, "invalid_token", "Invalid token"),
    /** A valid token without the role the endpoint needs. */
    INSUFFICIENT_SCOPE(403, "insufficient_scope", "Insufficient scope"),
    /** Not found, or not the caller's: the two answer alike so ids do not leak. */
    NOT_FOUND(404, "not_found", "Not found"),
    /** The request body is larger than {@code tokenfence.auth.max-request-bytes}. */
    PAYLOAD_TOO_LARGE(413, "invalid_request", "Request body too large"),
    /** Too many attempts; {@code Retry-After} says when to try again. */
    RATE_LIMITED(429, "rate_limited", "Too many requests"),
    /** Our fault, not the client's: Redis unreachable, a lock not obtained in time. */
    TEMPORARILY_UNAVAILABLE(503, "temporarily_unavailable", "Temporarily unavailable");

    private final int status;
    private final String code;
    private final String title;

    AuthError(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
