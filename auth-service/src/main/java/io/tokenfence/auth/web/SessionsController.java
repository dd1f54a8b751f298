package io.tokenfence.auth.web;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.revocation.RevocationReason;
import io.tokenfence.auth.revocation.RevocationService;
import io.tokenfence.auth.session.Session;
import io.tokenfence.auth.session.SessionStore;
import io.tokenfence.auth.token.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own sessions: list them, end one. */
@RestController
@RequestMapping(path = "/auth/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
class SessionsController {

    private final SessionStore sessions;
    private final RevocationService revocations;
    private final BearerTokens bearer;
    private final AuthProperties.Sessions policy;
    private final Clock clock;

    SessionsController(SessionStore sessions, RevocationService revocations, BearerTokens bearer,
                       AuthProperties properties, Clock clock) {
        this.sessions = sessions;
        this.revocations = revocations;
        this.bearer = bearer;
        this.policy = properties.sessions();
        this.clock = clock;
    }

    /** One session as the owner sees it. */
    record SessionView(@JsonProperty("session_id") String sessionId,
                       @JsonProperty("created_at") Instant createdAt,
                       @JsonProperty("last_used_at") Instant lastUsedAt,
                       @JsonProperty("expires_at") Instant expiresAt,
                       @JsonProperty("ip") String ip,
                       @JsonProperty("user_agent") String userAgent,
                       @JsonProperty("current") boolean current) {
    }

    @GetMapping
    List<SessionView> list(HttpServletRequest request) {
        VerifiedAccessToken caller = bearer.authenticate(request);
        Instant now = clock.instant();
        return sessions.listByUser(caller.subject()).stream()
                .filter(session -> !session.isExpired(now, policy.inactivityTimeout()))
                .sorted(Comparator.comparing(Session::lastUsedAt).reversed())
                .map(session -> new SessionView(session.sid(), session.createdAt(), session.lastUsedAt(),
                        session.effectiveExpiry(policy.inactivityTimeout()), session.ip(), session.userAgent(),
                        session.sid().equals(caller.sid())))
                .toList();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable("id") String id, HttpServletRequest request) {
        VerifiedAccessToken caller = bearer.authenticate(request);
        // Someone else's session answers exactly like a missing one, so ids cannot be probed.
        Session session = sessions.find(id).map(stored -> stored.session())
                .filter(s -> s.subject().equals(caller.subject()))
                .filter(s -> !s.isExpired(clock.instant(), policy.inactivityTimeout()))
                .orElseThrow(() -> new AuthException(AuthError.NOT_FOUND, "No such session"));
        revocations.revokeSession(session.subject(), session.sid(), RevocationReason.SESSION_DELETED);
        return ResponseEntity.noContent().build();
    }
}
