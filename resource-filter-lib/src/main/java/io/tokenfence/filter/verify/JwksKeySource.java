package io.tokenfence.filter.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's public keys, from its JWKS (configured, or discovered from {@code <issuer>/.well-known/openid-configuration}).
 * Cached; refreshed when older than the cache lifetime, and refetched when a token names an unknown {@code kid} — but
 * at most once per {@code minRefetchInterval}, so a flood of made-up kids cannot turn into a flood of JWKS requests.
 */
public final class JwksKeySource implements PublicKeySource {

    private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);
    private static final Pattern JWKS_URI = Pattern.compile("\"jwks_uri\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String issuer;
    private volatile URI jwksUri;
    private final Duration cacheLifetime;
    private final Duration minRefetchInterval;
    private final Clock clock;
    private volatile Map<String, PublishedKey> keys = Map.of();
    private volatile Instant fetchedAt = Instant.EPOCH;
    private volatile Instant lastAttempt = Instant.EPOCH;

    public JwksKeySource(URI jwksUri, String issuer, Duration cacheLifetime, Duration minRefetchInterval, Clock clock) {
        if (jwksUri == null && (issuer == null || issuer.isBlank())) {
            throw new IllegalArgumentException("Set tokenfence.filter.jwks-uri or tokenfence.filter.issuer");
        }
        this.jwksUri = jwksUri;
        this.issuer = issuer;
        this.cacheLifetime = Objects.requireNonNull(cacheLifetime, "cacheLifetime");
        this.minRefetchInterval = Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key for {@code kid}, fetching the JWKS if it is stale or does not know the kid (rate-limited). */
    @Override
    public PublishedKey find(String kid) {
        Instant now = clock.instant();
        PublishedKey key = keys.get(kid);
        boolean stale = now.isAfter(fetchedAt.plus(cacheLifetime));
        if ((key == null || stale) && mayFetch(now)) {
            refresh(now);
            key = keys.get(kid);
        }
        return key;
    }

    private synchronized boolean mayFetch(Instant now) {
        if (now.isBefore(lastAttempt.plus(minRefetchInterval))) {
            return false;
        }
        lastAttempt = now;
        return true;
    }

    private void refresh(Instant now) {
        try {
            URI uri = jwksUri != null ? jwksUri : discover();
            JwkSet set = Jwks.setParser().build().parse(get(uri));
            Map<String, PublishedKey> fresh = new HashMap<>();
            for (Jwk<?> jwk : set.getKeys()) {
                if (jwk instanceof PublicJwk<?> publicJwk && jwk.getId() != null) {
                    fresh.put(jwk.getId(), new PublishedKey(jwk.getId(), jwk.getAlgorithm(), publicJwk.toKey()));
                }
            }
            keys = Map.copyOf(fresh);
            fetchedAt = now;
        } catch (IOException | RuntimeException e) {
            // Keep serving with the keys we have; the next attempt comes after minRefetchInterval.
            log.warn("Could not fetch the JWKS ({}); keeping {} cached keys", e.getMessage(), keys.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI discover() throws IOException, InterruptedException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Matcher matcher = JWKS_URI.matcher(get(URI.create(base + "/.well-known/openid-configuration")));
        if (!matcher.find()) {
            throw new IOException("the discovery document of " + issuer + " has no jwks_uri");
        }
        jwksUri = URI.create(matcher.group(1));
        return jwksUri;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** How many keys are cached now. */
    public int size() {
        return keys.size();
    }
}
