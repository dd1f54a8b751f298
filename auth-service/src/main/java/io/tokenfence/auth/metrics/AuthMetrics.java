package io.tokenfence.auth.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tokenfence.auth.revocation.RevocationReason;

/**
 * The auth service's meters. Tags carry outcomes and reasons only: never a user, session or token id.
 *
 * <pre>
 * tokenfence.login{outcome=success|invalid_credentials|rate_limited}         counter
 * tokenfence.refresh{outcome=rotated|grace_replay|reuse_detected|expired|invalid|rate_limited}   counter
 * tokenfence.refresh.duration                                                  timer, histogram
 * tokenfence.refresh.lock.wait                                                 timer, histogram
 * tokenfence.revocations{reason=logout|logout_all|...}                         counter
 * tokenfence.sessions.active                                                   gauge (approximate)
 * </pre>
 */
public final class AuthMetrics {

    /** Outcomes of a login. */
    public enum LoginOutcome { SUCCESS, INVALID_CREDENTIALS, RATE_LIMITED }

    /** Outcomes of a refresh. */
    public enum RefreshOutcome { ROTATED, GRACE_REPLAY, REUSE_DETECTED, EXPIRED, INVALID, RATE_LIMITED }

    private final Map<LoginOutcome, Counter> logins = new EnumMap<>(LoginOutcome.class);
    private final Map<RefreshOutcome, Counter> refreshes = new EnumMap<>(RefreshOutcome.class);
    private final Map<RevocationReason, Counter> revocations = new EnumMap<>(RevocationReason.class);
    private final Counter sessionsRevokedWithUser;
    private final Timer refreshDuration;
    private final Timer lockWait;

    public AuthMetrics(MeterRegistry registry) {
        for (LoginOutcome outcome : LoginOutcome.values()) {
            logins.put(outcome, Counter.builder("tokenfence.login").description("Login attempts by outcome")
                    .tag("outcome", tag(outcome)).register(registry));
        }
        for (RefreshOutcome outcome : RefreshOutcome.values()) {
            refreshes.put(outcome, Counter.builder("tokenfence.refresh").description("Refresh attempts by outcome")
                    .tag("outcome", tag(outcome)).register(registry));
        }
        for (RevocationReason reason : RevocationReason.values()) {
            revocations.put(reason, Counter.builder("tokenfence.revocations").description("Revocations by reason")
                    .tag("reason", reason.code()).register(registry));
        }
        sessionsRevokedWithUser = Counter.builder("tokenfence.revocations.user.sessions")
                .description("Sessions ended by user-level revocations").register(registry);
        refreshDuration = Timer.builder("tokenfence.refresh.duration").description("Time to answer a refresh")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(50))
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        lockWait = Timer.builder("tokenfence.refresh.lock.wait").description("Time spent acquiring a session lock")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    public void login(LoginOutcome outcome) {
        logins.get(outcome).increment();
    }

    public void refresh(RefreshOutcome outcome, long startNanos) {
        refreshes.get(outcome).increment();
        refreshDuration.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void lockWait(long nanos) {
        lockWait.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void revoked(RevocationReason reason) {
        revocations.get(reason).increment();
    }

    public void sessionsRevokedWithUser(int count) {
        sessionsRevokedWithUser.increment(count);
    }
}
