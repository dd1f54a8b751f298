package io.tokenfence.filter.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.springframework.util.AntPathMatcher;
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
    private final AntPathMatcher paths = new AntPathMatcher();
    private final List<String> protectedPaths;
    private final List<String> openPaths;
    private final TokenVerifier verifier;
    private final Blacklist blacklist;
    private final Supplier<Boolean> failClosedNow;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    /**
     * @param failClosedNow true while requests must be refused because revocation data is too stale (fail-closed)
     */
    public TokenFenceFilter(List<String> protectedPaths, List<String> openPaths, TokenVerifier verifier,
                            Blacklist blacklist, Supplier<Boolean> failClosedNow, MeterRegistry registry) {
        this.protectedPaths = List.copyOf(protectedPaths);
        this.openPaths = List.copyOf(openPaths);
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
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return openPaths.stream().anyMatch(pattern -> paths.match(pattern, path))
                || protectedPaths.stream().noneMatch(pattern -> paths.match(pattern, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (failClosedNow.get()) {
            outcomes.get(Outcome.STALE).increment();
            writeProblem(response, 503, "temporarily_unavailable",
                    "Revocation data is stale; the service refuses requests until it catches up", null);
            response.setHeader("Retry-After", "5");
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            outcomes.get(Outcome.MISSING).increment();
            writeProblem(response, 401, null, "A bearer access token is required", "Bearer");
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
            writeProblem(response, 401, "invalid_token", e.getMessage(),
                    "Bearer error=\"invalid_token\", error_description=\"" + e.getMessage() + "\"");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void writeProblem(HttpServletResponse response, int status, String error, String detail,
                                     String challenge) throws IOException {
        response.setStatus(status);
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        response.setContentType("application/problem+json");
        String title = status == 401 ? "Unauthorized" : "Service Unavailable";
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"" + (error != null ? ",\"error\":\"" + error + "\"" : "") + "}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** For tests and diagnostics: how many requests had {@code outcome}. */
    public double count(Outcome outcome) {
        return outcomes.get(outcome).count();
    }

}
