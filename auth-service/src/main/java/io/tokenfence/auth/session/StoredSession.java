package io.tokenfence.auth.session;

/**
 * A session as read from the store, with the exact stored form that a compare-and-set must match.
 *
 * @param session the decoded record
 * @param stored the stored representation, opaque to callers
 */
public record StoredSession(Session session, byte[] stored) {
}
