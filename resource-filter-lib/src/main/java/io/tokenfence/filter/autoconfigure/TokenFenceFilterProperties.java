package io.tokenfence.filter.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.tokenfence.filter.events.RevocationEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the TokenFence resource filter, under {@code tokenfence.filter}. Kafka itself is configured the Spring
 * Boot way ({@code spring.kafka.bootstrap-servers}, security, SSL).
 *
 * @param issuer the expected {@code iss}; also where the JWKS is discovered when {@code jwks-uri} is not set
 * @param audience the expected {@code aud}
 * @param jwksUri the auth service's JWKS; discovered from the issuer when not set
 * @param algorithms the signature algorithms accepted (asymmetric only)
 * @param clockSkew leeway for {@code exp} and {@code nbf}
 * @param jwksCacheLifetime how long fetched keys are used before the JWKS is fetched again
 * @param jwksMinRefetchInterval the shortest time between two JWKS fetches, however many unknown kids arrive
 * @param verifiedTokenCacheSize how many verified tokens are remembered (each until its {@code exp})
 * @param protectedPaths Ant patterns of the paths that require a token
 * @param openPaths Ant patterns exempt from the filter (health checks, metrics)
 * @param topic the revocation topic
 * @param replayWindow how far back the revocation topic is read at start: at least the longest access-token
 *                     lifetime plus clock skew
 * @param maxStaleness how long the revocation consumer may be cut off from Kafka before it counts as stale
 * @param staleMode what to do while stale: {@code fail-open} keeps serving, {@code fail-closed} answers 503
 * @param blacklistMaximumSize the most revocations kept; a metric and a warning tell when the bound bites
 */
@ConfigurationProperties("tokenfence.filter")
public record TokenFenceFilterProperties(
        String issuer,
        @DefaultValue("tokenfence") String audience,
        URI jwksUri,
        @DefaultValue({"ES256", "RS256", "EdDSA"}) List<String> algorithms,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("5m") Duration jwksCacheLifetime,
        @DefaultValue("30s") Duration jwksMinRefetchInterval,
        @DefaultValue("100000") long verifiedTokenCacheSize,
        @DefaultValue("/**") List<String> protectedPaths,
        @DefaultValue({"/actuator/**", "/error"}) List<String> openPaths,
        @DefaultValue(RevocationEvent.DEFAULT_TOPIC) String topic,
        @DefaultValue("10m") Duration replayWindow,
        @DefaultValue("30s") Duration maxStaleness,
        @DefaultValue("fail-open") StaleMode staleMode,
        @DefaultValue("1000000") long blacklistMaximumSize) {

    /** True when requests must be refused because the revocation consumer has been cut off for {@code staleness}. */
    public boolean refusesWhenStale(Duration staleness) {
        return staleMode == StaleMode.FAIL_CLOSED && staleness.compareTo(maxStaleness) > 0;
    }

    /** What the filter does while revocation data is stale. */
    public enum StaleMode { FAIL_OPEN, FAIL_CLOSED }

    public TokenFenceFilterProperties {
        if (jwksUri == null && (issuer == null || issuer.isBlank())) {
            throw new IllegalArgumentException("Set tokenfence.filter.issuer (and optionally tokenfence.filter.jwks-uri)");
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("tokenfence.filter.algorithms must not be empty");
        }
        if (blacklistMaximumSize <= 0) {
            throw new IllegalArgumentException("tokenfence.filter.blacklist-maximum-size must be positive, was "
                    + blacklistMaximumSize);
        }
        if (replayWindow.isNegative() || replayWindow.isZero()) {
            throw new IllegalArgumentException("tokenfence.filter.replay-window must be positive, was " + replayWindow);
        }
    }
}
