package io.tokenfence.auth.rotation;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.metrics.AuthMetrics;
import io.tokenfence.auth.session.SessionId;
import io.tokenfence.auth.storage.RedisLayout;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Per-session Redisson locks with a bounded lease: a crashed holder blocks a session for at most {@code lock-lease}.
 * The lock only saves work; a rotation is still a compare-and-set, so a lock lost on failover cannot fork a family.
 */
final class SessionLocks {

    private final RedissonClient redisson;
    private final RedisLayout layout;
    private final Duration wait;
    private final Duration lease;
    private final AuthMetrics metrics;

    SessionLocks(RedissonClient redisson, RedisLayout layout, Duration wait, Duration lease, AuthMetrics metrics) {
        this.redisson = redisson;
        this.layout = layout;
        this.wait = wait;
        this.lease = lease;
        this.metrics = metrics;
    }

    /** Takes the session's lock or throws {@link AuthError#TEMPORARILY_UNAVAILABLE}. */
    RLock acquire(String sid) {
        RLock lock = redisson.getLock(layout.sessionLock(SessionId.userHandle(sid), sid));
        long start = System.nanoTime();
        boolean acquired;
        try {
            acquired = lock.tryLock(wait.toMillis(), lease.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthException(AuthError.TEMPORARILY_UNAVAILABLE, "Interrupted while waiting for the session");
        } finally {
            metrics.lockWait(System.nanoTime() - start);
        }
        if (!acquired) {
            throw new AuthException(AuthError.TEMPORARILY_UNAVAILABLE, "The session is busy; retry");
        }
        return lock;
    }

    static void release(RLock lock) {
        if (lock != null) {
            try {
                lock.unlock();
            } catch (IllegalMonitorStateException e) {
                // The lease ran out first; the compare-and-set already kept the rotation safe.
            }
        }
    }
}
