package io.tokenfence.bench.jmh;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.filter.blacklist.CaffeineBlacklist;
import io.tokenfence.filter.events.RevocationEvent;

/**
 * Heap retained per blacklist entry with one million revoked sessions whose ids are shaped like auth-service's
 * (38 characters): used heap after full collections, before and after filling. Events are decoded-and-dropped as in
 * the consumer, so what remains is what the blacklist itself holds, session id strings included. The revocations are
 * spread over the six minutes an entry lives (access-token lifetime plus a minute), as a steady 2,800 revocations per
 * second would leave a million live entries; auth-service rounds not_before to whole seconds.
 */
public final class BlacklistMemory {

    private BlacklistMemory() {
    }

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Instant now = Instant.now();
        long before = usedHeapAfterGc();
        CaffeineBlacklist blacklist = new CaffeineBlacklist(Clock.systemUTC(), Ticker.systemTicker(), 2_000_000,
                new SimpleMeterRegistry());
        for (int i = 0; i < entries; i++) {
            String sid = String.format(Locale.ROOT, "%016x%22d", i * 0x9E3779B97F4A7C15L, i);
            Instant issued = now.plusSeconds(i * 360L / entries);
            blacklist.apply(RevocationEvent.session("user-" + (i % 1000), sid, RevocationEvent.Reason.LOGOUT, issued,
                    issued.plusSeconds(3600)));
        }
        long after = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "blacklist: %d session entries, %.1f MiB retained, %.0f bytes per entry"
                + " (including its 38-character session id)%n", blacklist.size(), (after - before) / 1048576.0,
                (after - before) / (double) entries);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
