package io.tokenfence.filter.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.filter.blacklist.CaffeineBlacklist;
import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.verify.JwksKeySource;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.verify.VerifiedToken;
import io.tokenfence.filter.verify.VerifierFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class TokenFenceFilterTest {

    private VerifierFixtures fixtures;
    private CaffeineBlacklist blacklist;
    private TokenFenceFilter filter;
    private final AtomicBoolean stale = new AtomicBoolean();

    @BeforeEach
    void setUp() throws Exception {
        fixtures = VerifierFixtures.start();
        blacklist = new CaffeineBlacklist(Clock.systemUTC(), Ticker.systemTicker(), 1000, new SimpleMeterRegistry());
        TokenVerifier verifier = new TokenVerifier(new JwksKeySource(fixtures.jwksUri(), VerifierFixtures.ISSUER,
                Duration.ofMinutes(5), Duration.ofSeconds(30), Clock.systemUTC()), VerifierFixtures.ISSUER,
                VerifierFixtures.AUDIENCE, Set.of("ES256"), Duration.ofSeconds(30), 100, Clock.systemUTC());
        filter = new TokenFenceFilter(List.of("/api/**"), List.of("/actuator/**"), verifier, blacklist, stale::get,
                new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        fixtures.close();
    }

    @Test
    void validTokenPassesWithTheVerifiedTokenAsRequestAttribute() throws Exception {
        MockHttpServletRequest request = request("/api/me", "Bearer " + fixtures.validToken());
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(((VerifiedToken) request.getAttribute(VerifiedToken.REQUEST_ATTRIBUTE)).sub()).isEqualTo("alice");
        assertThat(filter.count(TokenFenceFilter.Outcome.ACCEPTED)).isEqualTo(1.0);
    }

    @Test
    void missingTokenGetsABareBearerChallenge() throws Exception {
        MockHttpServletResponse response = run(request("/api/me", null));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(filter.count(TokenFenceFilter.Outcome.MISSING)).isEqualTo(1.0);
    }

    @Test
    void garbageTokenGets401InvalidTokenWithoutEchoingIt() throws Exception {
        MockHttpServletResponse response = run(request("/api/me", "Bearer secret-garbage-value"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\", error_description=");
        assertThat(response.getContentAsString()).contains("\"error\":\"invalid_token\"")
                .doesNotContain("secret-garbage-value");
    }

    @Test
    void revokedSessionTokenIsRejectedButALaterLoginOfTheUserIsNot() throws Exception {
        String token = fixtures.validToken();
        run(request("/api/me", "Bearer " + token)); // verified and cached before the revocation arrives
        Instant now = Instant.now();
        blacklist.apply(RevocationEvent.session("alice", "session-1", RevocationEvent.Reason.LOGOUT,
                now.plusSeconds(1), now.plusSeconds(600)));

        MockHttpServletResponse revoked = run(request("/api/me", "Bearer " + token));

        assertThat(revoked.getStatus()).isEqualTo(401);
        assertThat(revoked.getHeader("WWW-Authenticate")).contains("invalid_token");
        assertThat(filter.count(TokenFenceFilter.Outcome.REVOKED)).isEqualTo(1.0);
        MockHttpServletResponse otherSession = run(request("/api/me", "Bearer " + fixtures.token()
                .claim("sid", "session-2").compact()));
        assertThat(otherSession.getStatus()).isEqualTo(200);
    }

    @Test
    void openAndUnprotectedPathsAreNotFiltered() throws Exception {
        assertThat(run(request("/actuator/health", null)).getStatus()).isEqualTo(200);
        assertThat(run(request("/public/page", null)).getStatus()).isEqualTo(200);
    }

    @Test
    void failClosedWhileStaleAnswers503() throws Exception {
        stale.set(true);

        MockHttpServletResponse response = run(request("/api/me", "Bearer " + fixtures.validToken()));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("temporarily_unavailable");
    }

    private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private static MockHttpServletRequest request(String path, String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }

}
