package io.tokenfence.auth.session;

import java.util.List;
import java.util.Optional;

/** Where sessions live. Implementations hold only token hashes and keep reads O(1) per session. */
public interface SessionStore {

    /** Saves a new session; it vanishes at its absolute expiry or after the inactivity timeout without rotation. */
    void create(Session session);

    /** The session, if present (it may be expired: callers check instants). */
    Optional<StoredSession> find(String sid);

    /** Replaces {@code current} with {@code next} only if the stored session is still exactly {@code current}. */
    boolean compareAndSet(StoredSession current, Session next);

    /** Removes a session; true if it was there. */
    boolean remove(String subject, String sid);

    /** The sessions of a user, expired ones included. */
    List<Session> listByUser(String subject);

    /** Removes every session of a user; returns the ids removed. */
    List<String> removeAllOfUser(String subject);

    /** Approximate number of stored sessions (expired ones may count until evicted). */
    long approximateCount();
}
