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
 * # Sessions of one user: a Redisson RMapCache (a hash plus Redisson's expiry sorted sets, all sharing the hash tag
 * # of the user handle, so a session read is one HGET and the map works on Redis Cluster).
 * HGET  tokenfence:sessions:{u:3f9c0a1b2c3d4e5f}  3f9c0a1b2c3d4e5f.kq1...     -> session JSON (hashes only, no token)
 * ZRANGE redisson__timeout__set:tokenfence:sessions:{u:3f9c0a1b2c3d4e5f} 0 -1 WITHSCORES   -> absolute expiry per sid
 * ZRANGE redisson__idle__set:tokenfence:sessions:{u:3f9c0a1b2c3d4e5f} 0 -1 WITHSCORES      -> max-idle expiry per sid
 *
 * # Per-session rotation lock (Redisson RLock: a hash holding the owner, with a bounded lease)
 * HGETALL tokenfence:lock:{u:3f9c0a1b2c3d4e5f}:3f9c0a1b2c3d4e5f.kq1...
 *
 * # Signing keys shared by every instance (one JSON document; private keys sealed when an encryption secret is set)
 * GET   tokenfence:keys
 * HGETALL tokenfence:keys:lock
 *
 * # Rate limiters (Redisson RRateLimiter: a config hash plus value/permits keys under the same tag, with keep-alive)
 * HGETALL tokenfence:ratelimit:login-user:{3f9c0a1b2c3d4e5f}
 * HGETALL tokenfence:ratelimit:login-ip:{<sha256(ip) prefix>}
 * HGETALL tokenfence:ratelimit:refresh:{<sid>}
 *
 * # Approximate count of active sessions: one HyperLogLog of session ids per day, all under one tag so PFCOUNT can
 * # read several days at once on Redis Cluster. Written asynchronously; read by one gauge every 30 s.
 * PFCOUNT tokenfence:active-sessions:{metrics}:20410 tokenfence:active-sessions:{metrics}:20409 ...
 * </pre>
 *
 * <p>The user handle is the first 64 bits of SHA-256 of the username, so keys name no user and session ids, which
 * start with the handle, lead straight to their user's map.
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

    public String sessions(String userHandle) {
        return prefix + ":sessions:{u:" + userHandle + "}";
    }

    public String sessionLock(String userHandle, String sid) {
        return prefix + ":lock:{u:" + userHandle + "}:" + sid;
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

    public String activeSessions(long epochDay) {
        return prefix + ":active-sessions:{metrics}:" + epochDay;
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
