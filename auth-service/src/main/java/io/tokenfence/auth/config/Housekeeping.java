package io.tokenfence.auth.config;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.auth.keys.KeyRingSource;
import io.tokenfence.auth.keys.RedisKeyRingStore;
import io.tokenfence.auth.session.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Periodic work of each instance: re-reading (and, when due, rotating) the shared signing keys, and sampling the
 * approximate active-session count for its gauge. Neither is needed for correctness of a single request.
 */
@Component
class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final KeyRingSource keys;
    private final SessionStore sessions;
    private final AtomicLong activeSessions = new AtomicLong();

    Housekeeping(KeyRingSource keys, SessionStore sessions, MeterRegistry registry) {
        this.keys = keys;
        this.sessions = sessions;
        Gauge.builder("tokenfence.sessions.active", activeSessions, AtomicLong::get)
                .description("Approximate number of live sessions (sampled every 30 s)").register(registry);
    }

    @Scheduled(initialDelayString = "0s", fixedDelayString = "${tokenfence.auth.keys.reload-interval:30s}")
    void reloadKeys() {
        if (keys instanceof RedisKeyRingStore store) {
            try {
                store.rotateIfDue();
            } catch (RuntimeException e) {
                log.warn("Could not reload signing keys; keeping the ones in memory: {}", e.getMessage());
            }
        }
    }

    @Scheduled(initialDelayString = "5s", fixedDelayString = "30s")
    void sampleActiveSessions() {
        try {
            activeSessions.set(sessions.approximateCount());
        } catch (RuntimeException e) {
            log.debug("Could not sample the session count: {}", e.getMessage());
        }
    }
}
