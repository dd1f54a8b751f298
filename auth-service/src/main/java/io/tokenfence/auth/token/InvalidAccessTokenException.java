package io.tokenfence.auth.token;

/** A bearer token was missing, malformed, forged, expired or revoked: the client's fault, answered 401. */
public final class InvalidAccessTokenException extends RuntimeException {

    public InvalidAccessTokenException(String description) {
        super(description, null, false, false);
    }
}
