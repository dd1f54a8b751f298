package io.tokenfence.auth.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.config.AuthProperties.LockingMode;
import io.tokenfence.auth.crypto.Sealer;
import io.tokenfence.auth.metrics.AuthMetrics;
import io.tokenfence.auth.metrics.AuthMetrics.RefreshOutcome;
import io.tokenfence.auth.ratelimit.RateLimits;
import io.tokenfence.auth.revocation.RevocationReason;
import io.tokenfence.auth.revocation.RevocationService;
import io.tokenfence.auth.session.Session;
import io.tokenfence.auth.session.SessionStore;
import io.tokenfence.auth.session.StoredSession;
import io.tokenfence.auth.token.TokenPair;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every refresh. Of any number of concurrent refreshes with one token, exactly one rotates and the others get
 * its identical answer; a rotated-out token presented after the grace window revokes the whole family; a token that
 * was never issued changes nothing.
 *
 * <p>The rotation itself is a compare-and-set of the whole session record (its generation included), so correctness
 * never rests on the lock: the lock only makes losers wait for the winner's answer instead of doing the work twice.
 */
public final class RefreshTokenRotator {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenRotator.class);
    private static final int MAX_ATTEMPTS = 4;

    private final SessionStore sessions;
    private final SessionLocks locks;
    private final TokenMinter minter;
    private final ReplayCipher replays = new ReplayCipher();
    private final RevocationService revocations;
    private final RateLimits rateLimits;
    private final AuthMetrics metrics;
    private final Clock clock;
    private final Duration inactivityTimeout;
    private final Duration graceWindow;
    private final int retiredKept;
    private final LockingMode locking;

    public RefreshTokenRotator(SessionStore sessions, RedissonClient redisson,
                               io.tokenfence.auth.storage.RedisLayout layout, TokenMinter minter,
                               RevocationService revocations, RateLimits rateLimits, AuthMetrics metrics,
                               AuthProperties properties, Clock clock) {
        this.sessions = sessions;
        this.locks = new SessionLocks(redisson, layout, properties.refresh().lockWait(), properties.refresh().lockLease(),
                metrics);
        this.minter = minter;
        this.revocations = revocations;
        this.rateLimits = rateLimits;
        this.metrics = metrics;
        this.clock = clock;
        this.inactivityTimeout = properties.sessions().inactivityTimeout();
        this.graceWindow = properties.refresh().graceWindow();
        this.retiredKept = properties.refresh().retiredTokensKept();
        this.locking = properties.refresh().locking();
    }

    /** How a presented token relates to the session it names. */
    private enum Match { CURRENT, GRACE_REPLAY, REUSE, UNKNOWN }

    public TokenPair refresh(String presented) {
        long start = System.nanoTime();
        // 1. Parse: anything not shaped like our token is rejected before touching Redis.
        RefreshToken token = RefreshToken.parse(presented).orElseThrow(() -> fail(RefreshOutcome.INVALID, start));
        String hash = token.hash();
        RLock lock = locking == LockingMode.ALWAYS ? locks.acquire(token.sid()) : null;
        boolean permitPending = false; // the rate limit was looked at, not spent
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                // 2. Load the session (under the lock in 'always' mode) and check its instants: Redis-side expiry is
                //    cleanup, not the decision.
                Instant now = clock.instant();
                StoredSession stored = sessions.find(token.sid()).orElseThrow(() -> fail(RefreshOutcome.INVALID, start));
                Session session = stored.session();
                if (session.isExpired(now, inactivityTimeout)) {
                    sessions.remove(session.subject(), session.sid());
                    throw fail(RefreshOutcome.EXPIRED, start);
                }
                // 3. Which token of the family is this?
                switch (match(session, hash, now)) {
                    case CURRENT -> {
                        // 4. Rate limit rotations of this session. Only here: made-up session ids must not create
                        //    limiter state in Redis, and grace replays are cheap and must stay identical. Without the
                        //    lock, concurrent refreshes of one token all get here although only one will rotate: look
                        //    now, spend once the compare-and-set has won.
                        if (attempt == 0) {
                            permitPending = lock == null;
                            checkRateLimit(token.sid(), start, permitPending);
                        }
                        // 5. Rotate: sign the new pair, then compare-and-set the session to the next generation.
                        RefreshToken next = RefreshToken.newFor(session.sid());
                        TokenPair answer = minter.mint(session, next, now);
                        Session rotated = session.rotated(now, next.hash(),
                                replays.seal(token, session.generation() + 1, answer), retiredKept);
                        if (sessions.compareAndSet(stored, rotated)) {
                            if (permitPending) {
                                rateLimits.chargeRefresh(token.sid());
                            }
                            metrics.refresh(RefreshOutcome.ROTATED, start);
                            return answer;
                        }
                        // Another rotation won; take the lock (in on-contention mode) and look again.
                        if (lock == null) {
                            lock = locks.acquire(token.sid());
                        }
                    }
                    case GRACE_REPLAY -> {
                        TokenPair answer = replays.open(token, session.generation(), session.replay())
                                .orElseThrow(() -> fail(RefreshOutcome.INVALID, start));
                        metrics.refresh(RefreshOutcome.GRACE_REPLAY, start);
                        return answer;
                    }
                    case REUSE -> {
                        // 6. A rotated-out token after the grace window: the family may be stolen, end it.
                        log.warn("Refresh token reuse detected on session {}; revoking the session", session.sid());
                        revocations.revokeSession(session.subject(), session.sid(), RevocationReason.REUSE_DETECTED);
                        throw fail(RefreshOutcome.REUSE_DETECTED, start);
                    }
                    case UNKNOWN -> throw fail(RefreshOutcome.INVALID, start);
                }
            }
            throw new AuthException(AuthError.TEMPORARILY_UNAVAILABLE, "The session is busy; retry");
        } finally {
            SessionLocks.release(lock);
        }
    }

    private void checkRateLimit(String sid, long start, boolean lookOnly) {
        try {
            if (lookOnly) {
                rateLimits.checkRefreshAvailable(sid);
            } else {
                rateLimits.checkRefresh(sid);
            }
        } catch (AuthException e) {
            metrics.refresh(RefreshOutcome.RATE_LIMITED, start);
            throw e;
        }
    }

    private Match match(Session session, String hash, Instant now) {
        if (Sealer.constantTimeEquals(hash, session.currentTokenHash())) {
            return Match.CURRENT;
        }
        var retired = session.retiredTokenHashes();
        for (int i = 0; i < retired.size(); i++) {
            if (Sealer.constantTimeEquals(hash, retired.get(i))) {
                boolean justRotatedOut = i == 0 && session.rotatedAt() != null
                        && now.isBefore(session.rotatedAt().plus(graceWindow));
                return justRotatedOut ? Match.GRACE_REPLAY : Match.REUSE;
            }
        }
        return Match.UNKNOWN;
    }

    private AuthException fail(RefreshOutcome outcome, long start) {
        metrics.refresh(outcome, start);
        String description = switch (outcome) {
            case EXPIRED -> "The session has expired";
            case REUSE_DETECTED -> "The refresh token was already used; the session has been revoked";
            default -> "The refresh token is invalid, expired or revoked";
        };
        return new AuthException(AuthError.INVALID_GRANT, description);
    }
}
