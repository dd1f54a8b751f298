package io.tokenfence.auth.web;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tokenfence.auth.revocation.RevocationReason;
import io.tokenfence.auth.revocation.RevocationService;
import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class LogoutSessionsAndAdminTest extends AuthServiceTestBase {

    /**
     * Several tests revoke alice as a user; such a revocation covers every token issued in its own second. Each test
     * therefore starts at least one whole second after the previous one ended, so tests do not depend on their order.
     */
    private static Instant nextTestStartsAt = Instant.EPOCH;

    @Autowired
    private RevocationService revocations;

    @BeforeEach
    void startAfterThePreviousTestsRevocations() {
        if (clock.instant().isBefore(nextTestStartsAt)) {
            clock.advance(Duration.between(clock.instant(), nextTestStartsAt));
        }
    }

    @AfterEach
    void keepTheNextTestOutOfThisSecond() {
        nextTestStartsAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    }

    @Test
    void logoutWithRefreshTokenEndsTheSessionAndIsIdempotent() {
        Tokens login = api.loginOk("alice", "alice-password");

        assertThat(api.logoutWithRefreshToken(login.refreshToken()).status()).isEqualTo(204);
        assertThat(api.logoutWithRefreshToken(login.refreshToken()).status()).isEqualTo(204);

        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(401);
        assertThat(api.get("/auth/sessions", login.accessToken()).status()).isEqualTo(401);
    }

    @Test
    void logoutWithBearerAccessTokenEndsTheSession() {
        Tokens login = api.loginOk("alice", "alice-password");

        assertThat(api.post("/auth/logout", login.accessToken()).status()).isEqualTo(204);

        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(401);
    }

    @Test
    void logoutWithForgedRefreshTokenRevokesNothing() {
        Tokens login = api.loginOk("alice", "alice-password");

        ApiResponse answer = api.logoutWithRefreshToken(login.sessionId() + "." + "Z".repeat(43));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void logoutWithoutAnyTokenIsABadRequest() {
        ApiResponse answer = api.postJson("/auth/logout", "{}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("error")).isEqualTo("invalid_request");
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void logoutAllEndsEverySessionOfTheCallerOnly() {
        List<Tokens> alice = List.of(api.loginOk("alice", "alice-password"), api.loginOk("alice", "alice-password"),
                api.loginOk("alice", "alice-password"));
        Tokens admin = api.loginOk("admin", "admin-password");

        assertThat(api.post("/auth/logout-all", alice.get(0).accessToken()).status()).isEqualTo(204);

        alice.forEach(tokens -> assertThat(api.refresh(tokens.refreshToken()).status()).isEqualTo(401));
        assertThat(api.refresh(admin.refreshToken()).status()).isEqualTo(200);
        // A login after the revocation starts a fresh, working session. (From the next second on: tokens carry iat in
        // whole seconds, so a user-level revocation covers every token issued in its own second.)
        clock.advance(Duration.ofSeconds(1));
        Tokens again = api.loginOk("alice", "alice-password");
        assertThat(api.get("/auth/sessions", again.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void bearerEndpointsWithoutATokenAnswer401WithAChallenge() {
        for (ApiResponse answer : List.of(api.post("/auth/logout-all", null), api.get("/auth/sessions", null),
                api.post("/admin/users/alice/revoke", null))) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(answer.text("error")).isEqualTo("unauthorized");
        }
    }

    @Test
    void invalidBearerTokenAnswers401InvalidTokenWithoutEchoingIt() {
        String forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.";
        ApiResponse answer = api.get("/auth/sessions", forged);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
        assertThat(answer.body()).doesNotContain(forged);
    }

    @Test
    void sessionsListsTheCallersLiveSessionsWithTheirDevice() {
        // Other tests of this class leave sessions of alice behind: start from none, in the next second (which this
        // user-level revocation no longer covers).
        revocations.revokeUser("alice", RevocationReason.ADMIN_REVOKE);
        clock.advance(Duration.ofSeconds(1));
        Tokens phone = login("alice", "alice-password", "TokenFence-Test/phone");
        Tokens laptop = login("alice", "alice-password", "TokenFence-Test/laptop");
        api.loginOk("admin", "admin-password");

        ApiResponse answer = api.get("/auth/sessions", laptop.accessToken());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode sessions = answer.json();
        assertThat(sessions.size()).isEqualTo(2);
        for (JsonNode session : sessions) {
            assertThat(session.get("ip").asString()).isEqualTo("127.0.0.1");
            assertThat(session.has("created_at") && session.has("last_used_at") && session.has("expires_at")).isTrue();
            boolean current = session.get("current").asBoolean();
            String sid = session.get("session_id").asString();
            assertThat(current).isEqualTo(sid.equals(laptop.sessionId()));
            assertThat(session.get("user_agent").asString())
                    .isEqualTo(sid.equals(phone.sessionId()) ? "TokenFence-Test/phone" : "TokenFence-Test/laptop");
        }
    }

    @Test
    void deletingOwnSessionRevokesItButAnotherUsersSessionIsNotFound() {
        Tokens phone = api.loginOk("alice", "alice-password");
        Tokens laptop = api.loginOk("alice", "alice-password");
        Tokens admin = api.loginOk("admin", "admin-password");

        ApiResponse foreign = api.delete("/auth/sessions/" + admin.sessionId(), laptop.accessToken());
        ApiResponse unknown = api.delete("/auth/sessions/" + "0".repeat(16) + "x".repeat(22), laptop.accessToken());
        ApiResponse garbage = api.delete("/auth/sessions/nope", laptop.accessToken());
        ApiResponse own = api.delete("/auth/sessions/" + phone.sessionId(), laptop.accessToken());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(garbage.status()).isEqualTo(404);
        assertThat(foreign.text("detail")).isEqualTo(unknown.text("detail"));
        assertThat(api.refresh(admin.refreshToken()).status()).isEqualTo(200);
        assertThat(own.status()).isEqualTo(204);
        assertThat(api.refresh(phone.refreshToken()).status()).isEqualTo(401);
        assertThat(api.refresh(laptop.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void adminRevokeEndsEverySessionOfTheUser() {
        Tokens first = api.loginOk("alice", "alice-password");
        Tokens second = api.loginOk("alice", "alice-password");
        Tokens admin = api.loginOk("admin", "admin-password");

        assertThat(api.post("/admin/users/alice/revoke", admin.accessToken()).status()).isEqualTo(204);

        assertThat(api.refresh(first.refreshToken()).status()).isEqualTo(401);
        assertThat(api.refresh(second.refreshToken()).status()).isEqualTo(401);
        assertThat(api.refresh(admin.refreshToken()).status()).isEqualTo(200);
        assertThat(counter("tokenfence.revocations", "reason", "admin_revoke")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void adminRevokeWithoutTheAdminRoleIsForbidden() {
        Tokens alice = api.loginOk("alice", "alice-password");
        Tokens other = api.loginOk("admin", "admin-password");

        ApiResponse answer = api.post("/admin/users/admin/revoke", alice.accessToken());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.text("error")).isEqualTo("insufficient_scope");
        assertThat(answer.header("WWW-Authenticate")).contains("insufficient_scope");
        assertThat(api.refresh(other.refreshToken()).status()).isEqualTo(200);
    }

    private Tokens login(String username, String password, String userAgent) {
        ApiResponse response = api.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.baseUrl() + "/auth/login"))
                .header("Content-Type", "application/json").header("User-Agent", userAgent)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")));
        assertThat(response.status()).isEqualTo(200);
        return io.tokenfence.auth.testing.AuthClient.tokens(response);
    }
}
