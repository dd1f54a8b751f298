package io.tokenfence.auth.revocation;

import java.util.Locale;

/** Why a session or user was revoked; becomes the {@code reason} of the revocation event and a metric tag. */
public enum RevocationReason {
    LOGOUT, LOGOUT_ALL, SESSION_DELETED, ADMIN_REVOKE, REUSE_DETECTED, SESSION_LIMIT;

    /** The wire and metric form, e.g. {@code reuse_detected}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
