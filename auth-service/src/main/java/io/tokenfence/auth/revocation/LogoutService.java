package io.tokenfence.auth.revocation;

import io.tokenfence.auth.crypto.Sealer;
import io.tokenfence.auth.rotation.RefreshToken;
import io.tokenfence.auth.session.Session;
import io.tokenfence.auth.session.SessionStore;
import io.tokenfence.auth.token.VerifiedAccessToken;

/**
 * Logout by refresh token or by access token. Idempotent: logging out of a session that is already gone succeeds. A
 * refresh token revokes only if it really belongs to the session it names, so a forged token revokes nothing.
 */
public final class LogoutService {

    private final SessionStore sessions;
    private final RevocationService revocations;

    public LogoutService(SessionStore sessions, RevocationService revocations) {
        this.sessions = sessions;
        this.revocations = revocations;
    }

    public void logoutWithRefreshToken(String presented) {
        RefreshToken token = RefreshToken.parse(presented).orElse(null);
        if (token == null) {
            return;
        }
        sessions.find(token.sid()).map(stored -> stored.session())
                .filter(session -> belongsTo(session, token.hash()))
                .ifPresent(session -> revocations.revokeSession(session.subject(), session.sid(),
                        RevocationReason.LOGOUT));
    }

    /** The access token's signature was verified; its session ends (again, harmlessly, if already gone). */
    public void logoutWithAccessToken(VerifiedAccessToken token) {
        revocations.revokeSession(token.subject(), token.sid(), RevocationReason.LOGOUT);
    }

    public void logoutAll(VerifiedAccessToken token) {
        revocations.revokeUser(token.subject(), RevocationReason.LOGOUT_ALL);
    }

    private static boolean belongsTo(Session session, String hash) {
        if (Sealer.constantTimeEquals(hash, session.currentTokenHash())) {
            return true;
        }
        return session.retiredTokenHashes().stream().anyMatch(retired -> Sealer.constantTimeEquals(hash, retired));
    }
}
