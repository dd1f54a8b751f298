package io.tokenfence.filter.blacklist;

import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.verify.VerifiedToken;

/** The revocations this instance knows about, fed by the revocation topic and asked on every request. */
public interface Blacklist {

    /**
     * True when {@code token} is revoked: its {@code jti} is listed, or its {@code sid} is listed with a
     * {@code not_before} after the token's {@code iat}, or its {@code sub} is.
     */
    boolean isRevoked(VerifiedToken token);

    /**
     * Records {@code event}. Idempotent: applying the same event twice (at-least-once delivery) changes nothing, and
     * events may arrive in any order.
     *
     * @return false when the event was already past its {@code expires_at} and so was not recorded
     */
    boolean apply(RevocationEvent event);

    /** How many entries the blacklist holds now (approximate). */
    long size();
}
