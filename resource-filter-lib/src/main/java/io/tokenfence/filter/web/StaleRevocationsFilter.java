package io.tokenfence.filter.web;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The {@code fail-closed} staleness policy for applications protected by Spring Security rather than by
 * {@link TokenFenceFilter}: while the revocation data is stale, protected paths answer 503 problem+json with
 * {@code Retry-After}. A {@code JwtDecoder} cannot do this itself: Spring Security turns every decoder failure into 401,
 * which would send well-behaved clients to log in again for an outage of ours.
 */
public final class StaleRevocationsFilter extends OncePerRequestFilter {

    private final PathRules paths;
    private final BooleanSupplier failClosedNow;
    private final Counter refused;

    public StaleRevocationsFilter(List<String> protectedPaths, List<String> openPaths, BooleanSupplier failClosedNow,
                                  MeterRegistry registry) {
        this.paths = new PathRules(protectedPaths, openPaths);
        this.failClosedNow = failClosedNow;
        this.refused = Counter.builder("tokenfence.filter.requests").description("Requests to protected paths by outcome")
                .tag("outcome", "stale").register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !paths.isProtected(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (failClosedNow.getAsBoolean()) {
            refused.increment();
            Problems.staleRevocations(response);
            return;
        }
        chain.doFilter(request, response);
    }
}
