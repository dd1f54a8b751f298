package io.tokenfence.auth.revocation.outbox;

import java.time.Duration;

import io.tokenfence.filter.events.RevocationEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How revocations reach resource servers, under {@code tokenfence.auth.revocations}.
 *
 * @param transport {@code kafka}: through the Redis outbox to the revocation topic; {@code log}: only logged (resource
 *                  servers then learn of revocations only when access tokens expire)
 * @param topic the revocation topic; created at start when absent
 * @param partitions partitions of a created topic
 * @param replicationFactor replication factor of a created topic (3 in production, with min.insync.replicas 2)
 * @param minInsyncReplicas {@code min.insync.replicas} of a created topic (2 in production with replication factor 3,
 *                          so an acknowledged revocation is on two brokers); unset keeps the broker's default
 * @param retention the topic's {@code retention.ms}; at least the access-token lifetime plus a margin, since a resource
 *                  server replays this much history at start
 * @param retryAfter an event not acknowledged this long after it was written is sent again by a relay
 * @param relayInterval how often each instance looks for due events in the outbox
 * @param maxRetryBackoff the longest pause between attempts for one event while Kafka is unreachable
 */
@ConfigurationProperties("tokenfence.auth.revocations")
public record OutboxProperties(
        @DefaultValue("kafka") Transport transport,
        @DefaultValue(RevocationEvent.DEFAULT_TOPIC) String topic,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        Short minInsyncReplicas,
        @DefaultValue("1h") Duration retention,
        @DefaultValue("2s") Duration retryAfter,
        @DefaultValue("500ms") Duration relayInterval,
        @DefaultValue("30s") Duration maxRetryBackoff) {

    /** Where revocations go. */
    public enum Transport { KAFKA, LOG }

    public OutboxProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("tokenfence.auth.revocations.partitions must be >= 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("tokenfence.auth.revocations.replication-factor must be >= 1");
        }
        if (minInsyncReplicas != null && (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor)) {
            // A topic whose min.insync.replicas exceeds its replicas refuses every acks=all write.
            throw new IllegalArgumentException("tokenfence.auth.revocations.min-insync-replicas must be within 1.."
                    + replicationFactor + " (tokenfence.auth.revocations.replication-factor), was " + minInsyncReplicas);
        }
    }
}
