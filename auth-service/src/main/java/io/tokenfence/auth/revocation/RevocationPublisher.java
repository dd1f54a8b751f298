package io.tokenfence.auth.revocation;

/**
 * Tells resource servers about a revocation. Called after the sessions are gone from Redis and before the client gets
 * its answer; an implementation must not lose what it accepted.
 */
public interface RevocationPublisher {

    void publish(Revocation revocation);
}
