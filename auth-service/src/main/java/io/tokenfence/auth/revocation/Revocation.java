package io.tokenfence.auth.revocation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A revocation decided by the auth service: what every resource server must stop accepting.
 *
 * @param id unique id, so consumers can drop duplicates of an at-least-once delivery
 * @param kind what it targets
 * @param subject the user
 * @param sid for {@link Kind#SESSION}: the session; otherwise {@code null}
 * @param issuedAt when the revocation was decided
 * @param notBefore access tokens of the target issued before this instant die
 * @param forgetAfter after this instant no token it could match is still valid, so resource servers may forget it
 * @param reason why
 */
public record Revocation(String id, Kind kind, String subject, String sid, Instant issuedAt, Instant notBefore,
                         Instant forgetAfter, RevocationReason reason) {

    /** What a revocation targets. */
    public enum Kind { SESSION, USER }

    public Revocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(forgetAfter, "forgetAfter");
        Objects.requireNonNull(reason, "reason");
        if (kind == Kind.SESSION) {
            Objects.requireNonNull(sid, "sid");
        }
    }

    public static Revocation ofSession(String subject, String sid, Instant now, Instant notBefore,
                                       Instant forgetAfter, RevocationReason reason) {
        return new Revocation(UUID.randomUUID().toString(), Kind.SESSION, subject, sid, now, notBefore, forgetAfter,
                reason);
    }

    public static Revocation ofUser(String subject, Instant now, Instant notBefore, Instant forgetAfter,
                                    RevocationReason reason) {
        return new Revocation(UUID.randomUUID().toString(), Kind.USER, subject, null, now, notBefore, forgetAfter,
                reason);
    }
}
