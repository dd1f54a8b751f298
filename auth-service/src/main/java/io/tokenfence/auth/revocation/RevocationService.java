package io.tokenfence.auth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tokenfence.auth.metrics.AuthMetrics;
import io.tokenfence.auth.session.SessionStore;

/**
 * The one place every revocation passes through: it ends the sessions in Redis, counts the revocation and hands it to
 * the {@link RevocationPublisher}. Logout, logout-all, session deletion, admin revoke, reuse detection and the
 * session limit all call here.
 */
public final class RevocationService {

    private final SessionStore sessions;
    private final RevocationPublisher publisher;
    private final AuthMetrics metrics;
    private final Duration accessTokenTtl;
    private final Clock clock;

    public RevocationService(SessionStore sessions, RevocationPublisher publisher, AuthMetrics metrics,
                             Duration accessTokenTtl, Clock clock) {
        this.sessions = sessions;
        this.publisher = publisher;
        this.metrics = metrics;
        this.accessTokenTtl = accessTokenTtl;
        this.clock = clock;
    }

    /** Ends one session: its refresh token stops working and its access tokens are revoked everywhere. */
    public Revocation revokeSession(String subject, String sid, RevocationReason reason) {
        Instant now = clock.instant();
        Revocation revocation = Revocation.ofSession(subject, sid, now, notBefore(now), forgetAfter(now), reason);
        // Event first: if this instance dies between the two steps, the access tokens still die everywhere and a
        // retried logout removes the session; the other order could leave a removed session whose tokens live on.
        publish(revocation);
        sessions.remove(subject, sid);
        return revocation;
    }

    /** Ends every session of a user; sessions created afterwards are not affected. */
    public Revocation revokeUser(String subject, RevocationReason reason) {
        Instant now = clock.instant();
        Revocation revocation = Revocation.ofUser(subject, now, notBefore(now), forgetAfter(now), reason);
        publish(revocation); // event first, as for one session
        List<String> removed = sessions.removeAllOfUser(subject);
        metrics.sessionsRevokedWithUser(removed.size());
        return revocation;
    }

    private void publish(Revocation revocation) {
        publisher.publish(revocation);
        metrics.revoked(revocation.reason());
    }

    /**
     * Tokens carry {@code iat} in whole seconds; rounding up makes a token issued in this very second count as before
     * the revocation. A token issued in the same second after a user-level revocation is therefore rejected too: safe,
     * and the client simply refreshes.
     */
    private static Instant notBefore(Instant now) {
        Instant second = Instant.ofEpochSecond(now.getEpochSecond());
        return second.equals(now) ? second : second.plusSeconds(1);
    }

    private Instant forgetAfter(Instant now) {
        // An access token issued just before 'now' lives for its TTL; a minute covers verifiers' clock skew.
        return now.plus(accessTokenTtl).plus(Duration.ofMinutes(1));
    }
}
