package io.tokenfence.auth.login;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.metrics.AuthMetrics;
import io.tokenfence.auth.metrics.AuthMetrics.LoginOutcome;
import io.tokenfence.auth.ratelimit.RateLimits;
import io.tokenfence.auth.revocation.RevocationReason;
import io.tokenfence.auth.revocation.RevocationService;
import io.tokenfence.auth.rotation.RefreshToken;
import io.tokenfence.auth.rotation.TokenMinter;
import io.tokenfence.auth.session.Session;
import io.tokenfence.auth.session.SessionId;
import io.tokenfence.auth.session.SessionStore;
import io.tokenfence.auth.token.TokenPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks credentials and opens a session. An unknown user and a wrong password get the same answer after the same
 * password-hash work, so neither the answer nor its timing tells which usernames exist.
 */
public final class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);
    private static final String ROLE_PREFIX = "ROLE_";

    private final UserDetailsService users;
    private final PasswordEncoder passwords;
    private final String dummyHash;
    private final SessionStore sessions;
    private final TokenMinter minter;
    private final RevocationService revocations;
    private final RateLimits rateLimits;
    private final AuthMetrics metrics;
    private final AuthProperties.Sessions policy;
    private final Clock clock;

    public LoginService(UserDetailsService users, PasswordEncoder passwords, SessionStore sessions, TokenMinter minter,
                        RevocationService revocations, RateLimits rateLimits, AuthMetrics metrics,
                        AuthProperties properties, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.dummyHash = passwords.encode("tokenfence-timing-equaliser");
        this.sessions = sessions;
        this.minter = minter;
        this.revocations = revocations;
        this.rateLimits = rateLimits;
        this.metrics = metrics;
        this.policy = properties.sessions();
        this.clock = clock;
    }

    public TokenPair login(String username, String password, ClientInfo client) {
        try {
            rateLimits.checkLogin(username, client.ip());
        } catch (AuthException e) {
            metrics.login(LoginOutcome.RATE_LIMITED);
            throw e;
        }
        UserDetails user = authenticate(username, password);
        Instant now = clock.instant();
        List<String> roles = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(role -> role.startsWith(ROLE_PREFIX) ? role.substring(ROLE_PREFIX.length()) : role)
                .toList();
        String sid = SessionId.newId(user.getUsername());
        RefreshToken refreshToken = RefreshToken.newFor(sid);
        Session session = Session.start(sid, user.getUsername(), roles, now, policy.absoluteLifetime(), client.ip(),
                client.userAgent(), refreshToken.hash());
        TokenPair answer = minter.mint(session, refreshToken, now);
        sessions.create(session);
        enforceSessionLimit(user.getUsername(), sid);
        metrics.login(LoginOutcome.SUCCESS);
        log.debug("Login succeeded; session {}", sid);
        return answer;
    }

    private UserDetails authenticate(String username, String password) {
        UserDetails user;
        try {
            user = users.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            user = null;
        }
        boolean matches = passwords.matches(password, user != null ? user.getPassword() : dummyHash);
        if (user == null || !matches || !user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()) {
            metrics.login(LoginOutcome.INVALID_CREDENTIALS);
            throw new AuthException(AuthError.INVALID_GRANT, "Invalid username or password");
        }
        return user;
    }

    /** Past {@code max-per-user}, the least recently used sessions (never the new one) are revoked. */
    private void enforceSessionLimit(String username, String newSid) {
        int max = policy.maxPerUser();
        if (max == 0) {
            return;
        }
        Instant now = clock.instant();
        List<Session> live = sessions.listByUser(username).stream()
                .filter(s -> !s.isExpired(now, policy.inactivityTimeout()))
                .sorted(Comparator.comparing(Session::lastUsedAt).thenComparing(Session::createdAt))
                .toList();
        int excess = live.size() - max;
        for (Session session : live) {
            if (excess <= 0) {
                break;
            }
            if (!session.sid().equals(newSid)) {
                revocations.revokeSession(username, session.sid(), RevocationReason.SESSION_LIMIT);
                excess--;
            }
        }
    }
}
