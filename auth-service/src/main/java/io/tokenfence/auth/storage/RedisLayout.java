package io.tokenfence.auth.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.tokenfence.auth.config.AuthProperties;

/**
 * Every Redis key the auth service touches is built here. With the default prefix {@code tokenfence}:
 *
 * <pre>
 * # Sessions live in 64 shard maps (Redisson RMapCache: a hash plus Redisson's expiry sorted sets, all under the
 * # shard's hash tag). A user's sessions all sit in the shard picked by the user handle; a session id starts with
 * # that handle, so reading a session is one HGET on a known key, whatever the number of users.
 * HGET    tokenfence:sessions:{s:2a}  3f9c0a1b2c3d4e5fkq1...      -> session JSON (token hashes only, never a token)
 * ZSCORE  redisson__timeout__set:tokenfence:sessions:{s:2a}  3f9c...  -> absolute expiry (ms)
 * ZSCORE  redisson__idle__set:tokenfence:sessions:{s:2a}  3f9c...     -> max-idle expiry (ms)
 *
 * # Index of one user's session ids (plain hash sid -> absolute expiry ms, key TTL = session lifetime), same tag as
 * # the shard so an index entry and its session can be written together on Redis Cluster.
 * HGETALL tokenfence:user-sessions:{s:2a}:3f9c0a1b2c3d4e5f
 *
 * # Per-session rotation lock (Redisson RLock: a hash holding the owner, with a bounded lease)
 * HGETALL tokenfence:lock:{s:2a}:3f9c0a1b2c3d4e5fkq1...
 *
 * # Signing keys shared by every instance (one JSON document; private keys sealed when an encryption secret is set)
 * GET     tokenfence:keys
 * HGETALL tokenfence:keys:lock
 *
 * # Rate limiters (Redisson RRateLimiter: a config hash plus value/permits keys under the same tag, with keep-alive)
 * HGETALL tokenfence:ratelimit:login-user:{3f9c0a1b2c3d4e5f}
 * HGETALL tokenfence:ratelimit:login-ip:{<first 64 bits of sha256(ip)>}
 * HGETALL tokenfence:ratelimit:refresh:{<sid>}
 *
 * # The active-sessions gauge sums the shard sizes every 30 s (approximate: expired entries count until Redisson's
 * # eviction removes them); nothing is written for it.
 * HLEN    tokenfence:sessions:{s:00} ... HLEN tokenfence:sessions:{s:3f}
 * </pre>
 *
 * <p>Why shards and not one map per user: Redisson runs one client-side eviction task per RMapCache name, so a map per
 * user would give every instance a task per user it ever saw. 64 shard maps keep that fixed, and spread load and
 * memory over the masters of a cluster. The number is part of the data format: changing it orphans live sessions.
 *
 * <p>The user handle is the first 64 bits of SHA-256 of the username, so no key names a user.
 */
public final class RedisLayout {

    private final String prefix;

    public RedisLayout(AuthProperties properties) {
        this(properties.redis().keyPrefix());
    }

    public RedisLayout(String prefix) {
        this.prefix = prefix;
    }

    /** 16 hex characters identifying a user in keys and session ids. */
    public static String userHandle(String username) {
        return HexFormat.of().formatHex(sha256(username), 0, 8);
    }

    /** Shards of the session maps; part of the data format, never change it on a live deployment. */
    public static final int SESSION_SHARDS = 64;

    /** The shard map that holds the sessions of the user with this handle. */
    public String sessions(String userHandle) {
        return prefix + ":sessions:" + shardTag(userHandle);
    }

    public String sessions(int shard) {
        return prefix + ":sessions:{s:" + String.format("%02x", shard) + "}";
    }

    public String userSessions(String userHandle) {
        return prefix + ":user-sessions:" + shardTag(userHandle) + ":" + userHandle;
    }

    public String sessionLock(String userHandle, String sid) {
        return prefix + ":lock:" + shardTag(userHandle) + ":" + sid;
    }

    public static int shard(String userHandle) {
        return Integer.parseInt(userHandle.substring(0, 2), 16) % SESSION_SHARDS;
    }

    private static String shardTag(String userHandle) {
        return "{s:" + String.format("%02x", shard(userHandle)) + "}";
    }

    public String keyRing() {
        return prefix + ":keys";
    }

    public String keyRingLock() {
        return prefix + ":keys:lock";
    }

    public String loginPerUsernameLimiter(String username) {
        return prefix + ":ratelimit:login-user:{" + userHandle(username) + "}";
    }

    public String loginPerIpLimiter(String ip) {
        return prefix + ":ratelimit:login-ip:{" + HexFormat.of().formatHex(sha256(ip), 0, 8) + "}";
    }

    public String refreshPerSessionLimiter(String sid) {
        return prefix + ":ratelimit:refresh:{" + sid + "}";
    }

    public String prefix() {
        return prefix;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
