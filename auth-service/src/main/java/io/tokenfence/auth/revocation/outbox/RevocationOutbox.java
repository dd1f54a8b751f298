package io.tokenfence.auth.revocation.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Revocation events that Kafka has not yet acknowledged, kept in Redis so that any instance can deliver them: the one
 * that wrote them may die right after answering. Two keys under one hash tag:
 *
 * <pre>
 * HGET  tokenfence:outbox:{outbox}:events  &lt;event id&gt;    -> the encoded event
 * ZRANGEBYSCORE tokenfence:outbox:{outbox}:due -inf &lt;now ms&gt;  -> ids whose delivery is due (score = next attempt)
 * </pre>
 */
public final class RevocationOutbox {

    private final RedissonClient redisson;
    private final String eventsKey;
    private final String dueKey;
    private final RMap<String, byte[]> events;
    private final RScoredSortedSet<String> due;

    public RevocationOutbox(RedissonClient redisson, String keyPrefix) {
        this.redisson = redisson;
        this.eventsKey = keyPrefix + ":outbox:{outbox}:events";
        this.dueKey = keyPrefix + ":outbox:{outbox}:due";
        this.events = redisson.getMap(eventsKey, new org.redisson.codec.CompositeCodec(StringCodec.INSTANCE,
                ByteArrayCodec.INSTANCE));
        this.due = redisson.getScoredSortedSet(dueKey, StringCodec.INSTANCE);
    }

    /** Stores an event, due for a relay attempt at {@code retryAt} unless delivered and removed before. */
    public void add(String id, byte[] event, Instant retryAt) {
        RBatch batch = redisson.createBatch(BatchOptions.defaults());
        batch.<String, byte[]>getMap(eventsKey, events.getCodec()).fastPutAsync(id, event);
        batch.<String>getScoredSortedSet(dueKey, StringCodec.INSTANCE).addAsync(retryAt.toEpochMilli(), id);
        batch.execute();
    }

    /** Up to {@code limit} events due at {@code now}, oldest first. */
    public Map<String, byte[]> due(Instant now, int limit) {
        Collection<String> ids = due.valueRange(Double.NEGATIVE_INFINITY, true, now.toEpochMilli(), true, 0, limit);
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, byte[]> found = events.getAll(new java.util.HashSet<>(ids));
        // An id without an event was delivered by another instance between the two reads.
        List<String> orphans = new ArrayList<>();
        for (String id : ids) {
            if (!found.containsKey(id)) {
                orphans.add(id);
            }
        }
        if (!orphans.isEmpty()) {
            due.removeAllAsync(orphans);
        }
        return found;
    }

    /** Moves the next attempt of an event to {@code retryAt}. */
    public void postpone(String id, Instant retryAt) {
        due.addIfExistsAsync(retryAt.toEpochMilli(), id);
    }

    /**
     * Forgets a delivered event, without waiting for Redis: the caller is Kafka's producer I/O thread, which must not
     * stall every later acknowledgement behind a Redis round trip. Should the removal be lost, the relay sends the
     * event once more and consumers drop the duplicate.
     */
    public CompletionStage<Void> remove(String id) {
        RBatch batch = redisson.createBatch(BatchOptions.defaults());
        batch.getMap(eventsKey, events.getCodec()).fastRemoveAsync(id);
        batch.getScoredSortedSet(dueKey, StringCodec.INSTANCE).removeAsync(id);
        return batch.executeAsync().thenApply(result -> null);
    }

    /** Events not yet acknowledged by Kafka. */
    public int backlog() {
        return due.size();
    }
}
