package io.tokenfence.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A login on one device: a refresh-token family. Holds hashes of its tokens, never a token.
 *
 * @param sid session id; starts with the user handle (see {@link SessionId})
 * @param subject the user name, the access tokens' {@code sub}
 * @param roles roles granted at login
 * @param createdAt login time
 * @param lastUsedAt last login or rotation; the inactivity timeout slides from here
 * @param expiresAt absolute end, however active
 * @param ip client address at login
 * @param userAgent device description at login
 * @param generation increments on every rotation; the compare-and-set of a rotation is on the whole record
 * @param currentTokenHash SHA-256 of the secret of the one refresh token that rotates
 * @param retiredTokenHashes hashes of rotated-out tokens, newest first; presenting one is reuse (or a grace replay)
 * @param rotatedAt time of the last rotation, or {@code null} before the first
 * @param replay the answer of the last rotation, sealed under a key derived from the rotated-out token, so only a
 *               holder of that token can read it back within the grace window
 */
public record Session(String sid, String subject, List<String> roles, Instant createdAt, Instant lastUsedAt,
                      Instant expiresAt, String ip, String userAgent, long generation, String currentTokenHash,
                      List<String> retiredTokenHashes, Instant rotatedAt, String replay) {

    public Session {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(currentTokenHash, "currentTokenHash");
        roles = roles == null ? List.of() : List.copyOf(roles);
        retiredTokenHashes = retiredTokenHashes == null ? List.of() : List.copyOf(retiredTokenHashes);
    }

    public static Session start(String sid, String subject, List<String> roles, Instant now, Duration lifetime,
                                String ip, String userAgent, String tokenHash) {
        return new Session(sid, subject, roles, now, now, now.plus(lifetime), ip, userAgent, 0, tokenHash, List.of(),
                null, null);
    }

    /** When inactivity ends this session unless it is refreshed before. */
    public Instant idleExpiresAt(Duration inactivityTimeout) {
        return lastUsedAt.plus(inactivityTimeout);
    }

    /** The earlier of the absolute and the inactivity end. */
    public Instant effectiveExpiry(Duration inactivityTimeout) {
        Instant idle = idleExpiresAt(inactivityTimeout);
        return idle.isBefore(expiresAt) ? idle : expiresAt;
    }

    /** Checked on every read: Redis-side expiry is cleanup, never the security decision. */
    public boolean isExpired(Instant now, Duration inactivityTimeout) {
        return !now.isBefore(effectiveExpiry(inactivityTimeout));
    }

    /** The next generation: the presented token retires, {@code newTokenHash} becomes current. */
    public Session rotated(Instant now, String newTokenHash, String sealedReplay, int retiredKept) {
        List<String> retired = new ArrayList<>(retiredKept);
        retired.add(currentTokenHash);
        for (String hash : retiredTokenHashes) {
            if (retired.size() >= retiredKept) {
                break;
            }
            retired.add(hash);
        }
        return new Session(sid, subject, roles, createdAt, now, expiresAt, ip, userAgent, generation + 1, newTokenHash,
                retired, now, sealedReplay);
    }
}
