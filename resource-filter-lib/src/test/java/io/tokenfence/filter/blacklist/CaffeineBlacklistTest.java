package io.tokenfence.filter.blacklist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.events.RevocationEvent.Reason;
import io.tokenfence.filter.verify.VerifiedToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The blacklist's rules, with time advanced by hand instead of waited for. */
class CaffeineBlacklistTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Clock clockAt(Duration elapsed) {
        return Clock.fixed(T0.plus(elapsed), ZoneOffset.UTC);
    }

    private CaffeineBlacklist blacklist(long maximumSize) {
        // The clock only turns an event's expires_at into a time-to-live when it is applied; the ticker then runs it.
        return new CaffeineBlacklist(clockAt(Duration.ZERO), ticker, maximumSize, registry);
    }

    private static VerifiedToken token(String sub, String sid, String jti, Instant iat) {
        return new VerifiedToken(sub, sid, jti, iat, iat.plusSeconds(300), List.of(), Map.of(), Map.of());
    }

    @Test
    void sessionRevocationRejectsTokensIssuedBeforeItAndAcceptsTokensIssuedAfter() {
        CaffeineBlacklist blacklist = blacklist(100);

        blacklist.apply(RevocationEvent.session("alice", "s1", Reason.LOGOUT, T0, T0.plusSeconds(360)));

        assertThat(blacklist.isRevoked(token("alice", "s1", "j1", T0.minusSeconds(1)))).isTrue();
        assertThat(blacklist.isRevoked(token("alice", "s1", "j2", T0.plusSeconds(1)))).isFalse();
        assertThat(blacklist.isRevoked(token("alice", "s2", "j3", T0.minusSeconds(1)))).isFalse();
    }

    @Test
    void userRevocationCoversEverySessionOfThatUserOnly() {
        CaffeineBlacklist blacklist = blacklist(100);

        blacklist.apply(RevocationEvent.user("alice", Reason.ADMIN_REVOKE, T0, T0.plusSeconds(360)));

        assertThat(blacklist.isRevoked(token("alice", "s1", "j1", T0.minusSeconds(1)))).isTrue();
        assertThat(blacklist.isRevoked(token("alice", "s9", "j2", T0.minusSeconds(1)))).isTrue();
        assertThat(blacklist.isRevoked(token("bob", "s1", "j3", T0.minusSeconds(1)))).isFalse();
    }

    @Test
    void tokenRevocationRejectsThatJtiWhateverItsIssueTime() {
        CaffeineBlacklist blacklist = blacklist(100);

        blacklist.apply(RevocationEvent.token("alice", "j1", Reason.OTHER, T0, T0.plusSeconds(360)));

        assertThat(blacklist.isRevoked(token("alice", "s1", "j1", T0.plusSeconds(5)))).isTrue();
        assertThat(blacklist.isRevoked(token("alice", "s1", "j2", T0.minusSeconds(5)))).isFalse();
    }

    @Test
    void anEntryLivesExactlyUntilItsEventsExpiresAt() {
        CaffeineBlacklist blacklist = blacklist(100);
        blacklist.apply(RevocationEvent.session("alice", "s1", Reason.LOGOUT, T0, T0.plusSeconds(360)));
        VerifiedToken old = token("alice", "s1", "j1", T0.minusSeconds(1));

        nanos.set(Duration.ofSeconds(360).minusMillis(1).toNanos());
        assertThat(blacklist.isRevoked(old)).isTrue();

        nanos.set(Duration.ofSeconds(360).toNanos());
        blacklist.cleanUp();
        assertThat(blacklist.isRevoked(old)).isFalse();
        assertThat(blacklist.size()).isZero();
    }

    @Test
    void duplicatesAndOutOfOrderEventsNeverWeakenAnEntry() {
        CaffeineBlacklist blacklist = blacklist(100);
        RevocationEvent later = RevocationEvent.session("alice", "s1", Reason.LOGOUT, T0.plusSeconds(10),
                T0.plusSeconds(600));
        RevocationEvent earlier = RevocationEvent.session("alice", "s1", Reason.LOGOUT, T0, T0.plusSeconds(60));

        blacklist.apply(later);
        blacklist.apply(earlier);
        blacklist.apply(later);

        assertThat(blacklist.isRevoked(token("alice", "s1", "j1", T0.plusSeconds(5)))).isTrue();
        nanos.set(Duration.ofSeconds(61).toNanos());
        assertThat(blacklist.isRevoked(token("alice", "s1", "j1", T0.plusSeconds(5)))).isTrue();
        assertThat(blacklist.size()).isEqualTo(1);
    }

    @Test
    void anAlreadyExpiredEventIsNotStored() {
        CaffeineBlacklist blacklist = new CaffeineBlacklist(clockAt(Duration.ofMinutes(10)), ticker, 100, registry);

        boolean stored = blacklist.apply(RevocationEvent.session("alice", "s1", Reason.LOGOUT, T0,
                T0.plusSeconds(360)));

        assertThat(stored).isFalse();
        assertThat(blacklist.size()).isZero();
    }

    @Test
    void whenTheBoundBitesEntriesAreDroppedBeforeTheirExpiryAndCounted() {
        CaffeineBlacklist blacklist = blacklist(10);

        for (int i = 0; i < 25; i++) {
            blacklist.apply(RevocationEvent.session("alice", "s" + i, Reason.LOGOUT, T0, T0.plusSeconds(360)));
        }
        blacklist.cleanUp();

        assertThat(blacklist.size()).isEqualTo(10);
        assertThat(registry.get("tokenfence.filter.blacklist.evictions").counter().count()).isEqualTo(15);
        assertThat(registry.get("tokenfence.filter.blacklist.size").gauge().value()).isEqualTo(10);
    }
}
