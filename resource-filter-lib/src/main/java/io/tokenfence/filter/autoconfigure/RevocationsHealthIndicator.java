package io.tokenfence.filter.autoconfigure;

import java.time.Duration;

import io.tokenfence.filter.events.RevocationConsumer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Ready only once the revocation topic has been replayed up to where it stood at start, so a restarted resource
 * server takes no traffic while it could still accept a token revoked during its downtime. Also shows staleness.
 */
final class RevocationsHealthIndicator implements HealthIndicator {

    private final RevocationConsumer consumer;
    private final Duration maxStaleness;
    private final boolean staleMeansUnready;

    /** @param staleMeansUnready true in fail-closed mode: a stale instance refuses requests, so it is not ready */
    RevocationsHealthIndicator(RevocationConsumer consumer, Duration maxStaleness, boolean staleMeansUnready) {
        this.consumer = consumer;
        this.maxStaleness = maxStaleness;
        this.staleMeansUnready = staleMeansUnready;
    }

    @Override
    public Health health() {
        Duration staleness = consumer.staleness();
        boolean stale = staleness.compareTo(maxStaleness) > 0;
        boolean ready = consumer.isCaughtUp() && !(stale && staleMeansUnready);
        Health.Builder health = ready ? Health.up() : Health.status(Status.OUT_OF_SERVICE);
        return health.withDetail("caughtUp", consumer.isCaughtUp())
                .withDetail("stale", stale)
                .withDetail("stalenessMillis", staleness.toMillis())
                .withDetail("topic", consumer.topic())
                .build();
    }
}
