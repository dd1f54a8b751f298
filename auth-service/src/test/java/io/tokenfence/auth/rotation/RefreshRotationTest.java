package io.tokenfence.auth.rotation;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import io.tokenfence.testsupport.concurrency.Concurrently;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshRotationTest extends AuthServiceTestBase {

    @Test
    void refreshRotatesAndReturnsANewPair() {
        Tokens login = api.loginOk("alice", "alice-password");

        ApiResponse refreshed = api.refresh(login.refreshToken());

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.text("refresh_token")).isNotEqualTo(login.refreshToken());
        assertThat(refreshed.text("access_token")).isNotEqualTo(login.accessToken());
        assertThat(refreshed.text("session_id")).isEqualTo(login.sessionId());
        assertThat(refreshed.text("token_type")).isEqualTo("Bearer");
        assertThat(refreshed.json().get("expires_in").asLong()).isEqualTo(300);
        assertThat(refreshed.header("Cache-Control")).contains("no-store");
        // The new token rotates in turn.
        assertThat(api.refresh(refreshed.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void refreshWithinGraceWindowReturnsTheIdenticalPair() {
        Tokens login = api.loginOk("alice", "alice-password");
        ApiResponse first = api.refresh(login.refreshToken());
        clock.advance(Duration.ofSeconds(9));

        ApiResponse second = api.refresh(login.refreshToken());

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    void fiftyConcurrentRefreshesWithOneTokenRotateOnceAndAnswerIdentically() throws Exception {
        Tokens login = api.loginOk("alice", "alice-password");
        double rotatedBefore = counter("tokenfence.refresh", "outcome", "rotated");

        List<ApiResponse> answers = Concurrently.run(50, () -> api.refresh(login.refreshToken()));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        Set<String> bodies = answers.stream().map(ApiResponse::body).collect(Collectors.toSet());
        assertThat(bodies).hasSize(1);
        assertThat(counter("tokenfence.refresh", "outcome", "rotated") - rotatedBefore).isEqualTo(1.0);
        assertThat(counter("tokenfence.refresh", "outcome", "grace_replay")).isGreaterThanOrEqualTo(49.0);
        // The family did not fork: the one new token rotates, the old one is merely within grace.
        String newToken = answers.get(0).text("refresh_token");
        assertThat(api.refresh(newToken).status()).isEqualTo(200);
    }

    @Test
    void reuseAfterGraceWindowRevokesTheWholeSession() {
        Tokens login = api.loginOk("alice", "alice-password");
        ApiResponse rotated = api.refresh(login.refreshToken());
        String newest = rotated.text("refresh_token");
        clock.advance(Duration.ofSeconds(11));
        double reuseBefore = counter("tokenfence.refresh", "outcome", "reuse_detected");

        ApiResponse reuse = api.refresh(login.refreshToken());

        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.text("error")).isEqualTo("invalid_grant");
        assertThat(counter("tokenfence.refresh", "outcome", "reuse_detected") - reuseBefore).isEqualTo(1.0);
        assertThat(counter("tokenfence.revocations", "reason", "reuse_detected")).isGreaterThanOrEqualTo(1.0);
        // The thief's and the owner's newest token die together.
        assertThat(api.refresh(newest).status()).isEqualTo(401);
        assertThat(api.get("/auth/sessions", rotated.text("access_token")).status()).isEqualTo(401);
    }

    @Test
    void olderRotatedOutTokenIsAlsoDetectedAsReuse() {
        Tokens login = api.loginOk("alice", "alice-password");
        String second = api.refresh(login.refreshToken()).text("refresh_token");
        String third = api.refresh(second).text("refresh_token");

        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(401);
        assertThat(api.refresh(third).status()).isEqualTo(401);
    }

    @Test
    void forgedTokenWithARealSessionIdRevokesNothing() {
        Tokens login = api.loginOk("alice", "alice-password");
        String forged = login.sessionId() + "." + "A".repeat(43);
        double revocationsBefore = counter("tokenfence.revocations", "reason", "reuse_detected");

        ApiResponse answer = api.refresh(forged);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("error")).isEqualTo("invalid_grant");
        assertThat(counter("tokenfence.revocations", "reason", "reuse_detected")).isEqualTo(revocationsBefore);
        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void garbageTruncatedAndEmptyTokensAnswer401OrBadRequestNeverRevoke() {
        Tokens login = api.loginOk("alice", "alice-password");
        for (String garbage : List.of("garbage", login.refreshToken().substring(0, 50), login.sessionId(),
                login.refreshToken() + "x", "..", "\u00e9\u00e9\u00e9", login.accessToken())) {
            ApiResponse answer = api.refresh(garbage);
            assertThat(answer.status()).as(garbage).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.refresh("").status()).isEqualTo(400);
        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void sessionEndsAfterInactivityEvenBeforeRedisEvictsIt() {
        Tokens login = api.loginOk("alice", "alice-password");
        clock.advance(Duration.ofDays(7).plusSeconds(1));

        ApiResponse answer = api.refresh(login.refreshToken());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(counter("tokenfence.refresh", "outcome", "expired")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void refreshSlidesTheInactivityTimeoutButNotTheAbsoluteLifetime() {
        Tokens login = api.loginOk("alice", "alice-password");
        String token = login.refreshToken();
        // Refreshed every 6 days (within the 7-day inactivity timeout) up to day 29 of the 30-day lifetime.
        for (int step : new int[] {6, 6, 6, 6, 5}) {
            clock.advance(Duration.ofDays(step));
            ApiResponse answer = api.refresh(token);
            assertThat(answer.status()).isEqualTo(200);
            token = answer.text("refresh_token");
        }
        clock.advance(Duration.ofDays(1)); // day 30: the absolute end, however active
        assertThat(api.refresh(token).status()).isEqualTo(401);
    }
}
