package io.tokenfence.filter.web;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.filter.blacklist.Blacklist;
import io.tokenfence.filter.verify.TokenRejectedException;
import io.tokenfence.filter.verify.TokenRejectedException.Reason;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.verify.VerifiedToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Protects a Spring MVC application without Spring Security: every request to a protected path must carry a bearer
 * access token that verifies and is not revoked. The verified token becomes a request attribute (and a controller
 * parameter, see {@link VerifiedTokenArgumentResolver}).
 *
 * <p>Rejections are 401 with {@code WWW-Authenticate: Bearer error="invalid_token", error_description="..."}
 * (RFC 6750) and an RFC 9457 problem body; a request without a token gets a bare {@code Bearer} challenge. Nothing in an
 * answer echoes the token.
 */
public final class TokenFenceFilter extends OncePerRequestFilter {

    /** Outcomes counted in {@code tokenfence.filter.requests}. */
    public enum Outcome { ACCEPTED, MISSING, MALFORMED, INVALID_SIGNATURE, EXPIRED, INVALID, REVOKED, STALE }

    private static final String BEARER = "Bearer ";
    private final PathRules paths;
    private final TokenVerifier verifier;
    private final Blacklist blacklist;
    private final Supplier<Boolean> failClosedNow;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    /**
     * @param failClosedNow true while requests must be refused because revocation data is too stale (fail-closed)
     */
    public TokenFenceFilter(List<String> protectedPaths, List<String> openPaths, TokenVerifier verifier,
                            Blacklist blacklist, Supplier<Boolean> failClosedNow, MeterRegistry registry) {
        this.paths = new PathRules(protectedPaths, openPaths);
        this.verifier = verifier;
        this.blacklist = blacklist;
        this.failClosedNow = failClosedNow;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("tokenfence.filter.requests")
                    .description("Requests to protected paths by outcome")
                    .tag("outcome", outcome.name().toLowerCase()).register(registry));
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !paths.isProtected(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (failClosedNow.get()) {
            outcomes.get(Outcome.STALE).increment();
            Problems.staleRevocations(response);
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            outcomes.get(Outcome.MISSING).increment();
            Problems.unauthorized(response, null, "A bearer access token is required");
            return;
        }
        try {
            VerifiedToken token = verifier.verify(header.substring(BEARER.length()).trim());
            if (blacklist.isRevoked(token)) {
                throw new TokenRejectedException(Reason.REVOKED, "The access token has been revoked");
            }
            outcomes.get(Outcome.ACCEPTED).increment();
            request.setAttribute(VerifiedToken.REQUEST_ATTRIBUTE, token);
        } catch (TokenRejectedException e) {
            outcomes.get(Outcome.valueOf(e.reason().name())).increment();
            Problems.unauthorized(response, "invalid_token", e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    /** For tests and diagnostics: how many requests had {@code outcome}. */
    public double count(Outcome outcome) {
        return outcomes.get(outcome).count();
    }

}
