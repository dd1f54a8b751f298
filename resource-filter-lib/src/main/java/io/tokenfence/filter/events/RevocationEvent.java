package io.tokenfence.filter.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One revocation, as published by auth-service on the revocation topic and applied by every resource server.
 *
 * <p>Wire format (version 1, see {@code docs/events.md}):
 * <pre>{@code
 * {"v":1,"id":"<uuid>","issued_at":"<instant>","kind":"session|user|token","sub":"alice","sid":"...","jti":"...",
 *  "not_before":"<instant>","expires_at":"<instant>","reason":"logout"}
 * }</pre>
 * <ul>
 * <li>{@link Kind#SESSION}: every access token carrying {@code sid} whose {@code iat} is before {@code notBefore}.
 * <li>{@link Kind#USER}: every access token of {@code sub} whose {@code iat} is before {@code notBefore}.
 * <li>{@link Kind#TOKEN}: the one access token whose {@code jti} is given.
 * </ul>
 * {@code expiresAt} is when no token the event targets can still be valid; a blacklist may forget the entry then.
 *
 * @param version    the contract version, {@value #VERSION} for this class
 * @param id         unique per event; duplicates (at-least-once delivery) carry the same id
 * @param issuedAt   when auth-service decided the revocation
 * @param kind       what the event targets
 * @param sub        the subject (user id); also the Kafka record key, so one user's events stay ordered
 * @param sid        the session id, required for {@link Kind#SESSION}
 * @param jti        the token id, required for {@link Kind#TOKEN}
 * @param notBefore  tokens issued before this instant are revoked; {@code issuedAt} when absent on the wire
 * @param expiresAt  after this instant the entry can be forgotten (the longest lifetime of a targeted token)
 * @param reason     why, for logs and metrics; never changes what is revoked
 */
public record RevocationEvent(int version, UUID id, Instant issuedAt, Kind kind, String sub, String sid, String jti,
        Instant notBefore, Instant expiresAt, Reason reason) {

    /** The version this class reads and writes. */
    public static final int VERSION = 1;

    /** Default topic name. */
    public static final String DEFAULT_TOPIC = "tokenfence.revocations";

    public RevocationEvent {
        if (version != VERSION) {
            throw new IllegalArgumentException("version must be " + VERSION + " but was " + version);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(reason, "reason");
        requireText(sub, "sub");
        switch (kind) {
            case SESSION -> requireText(sid, "sid (required for kind session)");
            case TOKEN -> requireText(jti, "jti (required for kind token)");
            case USER -> { }
        }
        if (notBefore == null) {
            notBefore = issuedAt;
        }
    }

    /** Revokes every token of session {@code sid} issued before {@code issuedAt}. */
    public static RevocationEvent session(String sub, String sid, Reason reason, Instant issuedAt, Instant expiresAt) {
        return new RevocationEvent(VERSION, UUID.randomUUID(), issuedAt, Kind.SESSION, sub, sid, null, issuedAt,
                expiresAt, reason);
    }

    /** Revokes every token of {@code sub} issued before {@code issuedAt} (logout everywhere). */
    public static RevocationEvent user(String sub, Reason reason, Instant issuedAt, Instant expiresAt) {
        return new RevocationEvent(VERSION, UUID.randomUUID(), issuedAt, Kind.USER, sub, null, null, issuedAt,
                expiresAt, reason);
    }

    /** Revokes the single token {@code jti}. */
    public static RevocationEvent token(String sub, String jti, Reason reason, Instant issuedAt, Instant expiresAt) {
        return new RevocationEvent(VERSION, UUID.randomUUID(), issuedAt, Kind.TOKEN, sub, null, jti, issuedAt,
                expiresAt, reason);
    }

    /** The Kafka record key: the subject, so that all events of one user land on one partition, in order. */
    public String key() {
        return sub;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** What an event targets. */
    public enum Kind {
        SESSION("session"), USER("user"), TOKEN("token");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The value on the wire. */
        public String wire() {
            return wire;
        }

        /** The kind for a wire value, or {@code null} when this version does not know it. */
        public static Kind fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wire.equals(value)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /**
     * Why a revocation happened. Informational only: an unknown reason from a newer producer reads as
     * {@link #OTHER}, because a revocation must apply even when its reason is new.
     */
    public enum Reason {
        LOGOUT("logout"), LOGOUT_ALL("logout_all"), SESSION_DELETED("session_deleted"),
        ADMIN_REVOKE("admin_revoke"), REUSE_DETECTED("reuse_detected"), SESSION_LIMIT("session_limit"),
        OTHER("other");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        /** The value on the wire. */
        public String wire() {
            return wire;
        }

        /** The reason for a wire value; {@link #OTHER} for values this version does not know. */
        public static Reason fromWire(String value) {
            for (Reason reason : values()) {
                if (reason.wire.equals(value)) {
                    return reason;
                }
            }
            return OTHER;
        }
    }
}
