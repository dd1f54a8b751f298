package io.tokenfence.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.storage.RedisLayout;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RMap;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions in Redisson {@link RMapCache} shards with a TTL (absolute lifetime) and max-idle (inactivity timeout) per
 * entry, so sessions vanish from Redis on their own. See {@link RedisLayout} for the keys.
 */
public final class RedissonSessionStore implements SessionStore {

    /**
     * Session ids as strings, records as the UTF-8 bytes of their JSON: the same bytes in Redis as a string codec
     * would write, but a rotation's compare-and-set sends the old and the new record (each carrying a sealed replay of
     * about a kilobyte) without re-encoding them character by character.
     */
    private static final Codec RECORDS = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

    private final RedissonClient redisson;
    private final RedisLayout layout;
    private final SessionCodec codec;
    private final Duration inactivityTimeout;
    private final Duration absoluteLifetime;
    private final Clock clock;
    private final List<RMapCache<String, byte[]>> shards;

    public RedissonSessionStore(RedissonClient redisson, RedisLayout layout, AuthProperties properties, Clock clock) {
        this.redisson = redisson;
        this.layout = layout;
        // A private mapper: the stored format must not change with the application's Jackson customisations.
        this.codec = new SessionCodec(JsonMapper.builder().build());
        this.inactivityTimeout = properties.sessions().inactivityTimeout();
        this.absoluteLifetime = properties.sessions().absoluteLifetime();
        this.clock = clock;
        List<RMapCache<String, byte[]>> maps = new ArrayList<>(RedisLayout.SESSION_SHARDS);
        for (int shard = 0; shard < RedisLayout.SESSION_SHARDS; shard++) {
            maps.add(redisson.getMapCache(layout.sessions(shard), RECORDS));
        }
        this.shards = List.copyOf(maps);
    }

    private RMapCache<String, byte[]> shardOf(String sid) {
        return shards.get(RedisLayout.shard(SessionId.userHandle(sid)));
    }

    private String indexOf(String sid) {
        return layout.userSessions(SessionId.userHandle(sid));
    }

    @Override
    public void create(Session session) {
        long ttlMillis = Math.max(1, Duration.between(clock.instant(), session.expiresAt()).toMillis());
        String index = indexOf(session.sid());
        // One round trip; the index and the shard share a hash tag, so this also works on Redis Cluster.
        RBatch batch = redisson.createBatch(BatchOptions.defaults());
        batch.<String, byte[]>getMapCache(layout.sessions(SessionId.userHandle(session.sid())), RECORDS)
                .fastPutAsync(session.sid(), codec.encode(session), ttlMillis, TimeUnit.MILLISECONDS,
                        inactivityTimeout.toMillis(), TimeUnit.MILLISECONDS);
        batch.<String, String>getMap(index, StringCodec.INSTANCE)
                .fastPutAsync(session.sid(), Long.toString(session.expiresAt().toEpochMilli()));
        // Every session has the same absolute lifetime, so the newest login's session is the last to end.
        batch.getMap(index, StringCodec.INSTANCE).expireAsync(absoluteLifetime);
        batch.execute();
    }

    @Override
    public Optional<StoredSession> find(String sid) {
        if (!SessionId.isWellFormed(sid)) {
            return Optional.empty();
        }
        // A read must not slide the max-idle: only a rotation (whose replace touches it) counts as activity.
        byte[] stored = shardOf(sid).getWithTTLOnly(sid);
        return stored == null ? Optional.empty() : Optional.of(new StoredSession(codec.decode(stored), stored));
    }

    @Override
    public boolean compareAndSet(StoredSession current, Session next) {
        return shardOf(next.sid()).replace(next.sid(), current.stored(), codec.encode(next));
    }

    @Override
    public boolean remove(String subject, String sid) {
        if (!SessionId.isWellFormed(sid)) {
            return false;
        }
        RBatch batch = redisson.createBatch(BatchOptions.defaults());
        RFuture<Long> removed = batch.<String, byte[]>getMapCache(layout.sessions(SessionId.userHandle(sid)), RECORDS)
                .fastRemoveAsync(sid);
        batch.getMap(indexOf(sid), StringCodec.INSTANCE).fastRemoveAsync(sid);
        batch.execute();
        return removed.toCompletableFuture().join() > 0;
    }

    @Override
    public List<Session> listByUser(String subject) {
        String handle = RedisLayout.userHandle(subject);
        RMap<String, String> index = redisson.getMap(layout.userSessions(handle), StringCodec.INSTANCE);
        Set<String> sids = index.readAllKeySet();
        if (sids.isEmpty()) {
            return List.of();
        }
        Map<String, byte[]> found = shards.get(RedisLayout.shard(handle)).getAllWithTTLOnly(sids);
        List<Session> sessions = new ArrayList<>(found.size());
        for (byte[] stored : found.values()) {
            Session session = codec.decode(stored);
            if (session.subject().equals(subject)) {
                sessions.add(session);
            }
        }
        // Ids whose sessions Redis already expired linger in the index until the next listing.
        List<String> gone = sids.stream().filter(sid -> !found.containsKey(sid)).toList();
        if (!gone.isEmpty()) {
            index.fastRemoveAsync(gone.toArray(String[]::new));
        }
        return sessions;
    }

    @Override
    public List<String> removeAllOfUser(String subject) {
        String handle = RedisLayout.userHandle(subject);
        List<String> sids = listByUser(subject).stream().map(Session::sid).toList();
        RBatch batch = redisson.createBatch(BatchOptions.defaults());
        if (!sids.isEmpty()) {
            batch.<String, byte[]>getMapCache(layout.sessions(handle), RECORDS)
                    .fastRemoveAsync(sids.toArray(String[]::new));
        }
        batch.getMap(layout.userSessions(handle), StringCodec.INSTANCE).deleteAsync();
        batch.execute();
        return sids;
    }

    @Override
    public long approximateCount() {
        List<RFuture<Integer>> sizes = new ArrayList<>(shards.size());
        for (int shard = 0; shard < RedisLayout.SESSION_SHARDS; shard++) {
            // HLEN of the underlying hash: O(1), unlike RMapCache#size which filters expired entries in a script.
            sizes.add(redisson.getMap(layout.sessions(shard), StringCodec.INSTANCE).sizeAsync());
        }
        return sizes.stream().mapToLong(size -> size.toCompletableFuture().join()).sum();
    }
}
