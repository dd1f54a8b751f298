package io.tokenfence.auth.revocation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records revocations in the log only. Used when no event transport is configured: sessions still end at once (refresh
 * fails, the auth service's own bearer endpoints reject), but resource servers keep accepting already issued access
 * tokens until they expire.
 */
public final class LoggingRevocationPublisher implements RevocationPublisher {

    private static final Logger log = LoggerFactory.getLogger(LoggingRevocationPublisher.class);

    @Override
    public void publish(Revocation revocation) {
        log.info("Revoked {} {} of user handle {} ({}), id {}", revocation.kind(),
                revocation.sid() != null ? revocation.sid() : "-",
                io.tokenfence.auth.storage.RedisLayout.userHandle(revocation.subject()), revocation.reason().code(),
                revocation.id());
    }
}
