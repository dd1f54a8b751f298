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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>
 * One fetch runs at a time. Right after a key rotation many requests carry the new kid at once: the first one fetches,
 * the others wait for that fetch instead of being refused by the rate limit. A known key whose cache entry is merely
 * stale never waits: it is served while one thread refreshes the set in the background of its own request.
 */
public final class JwksKeySource implements PublicKeySource {

    private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);
    private static final Pattern JWKS_URI = Pattern.compile("\"jwks_uri\"\\s*:\\s*\"([^\"]+)\"");

    /** Longer than the worst fetch (3 s connect, 5 s discovery, 5 s JWKS) so waiting requests see its result. */
    private static final Duration FETCH_WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String issuer;
    private volatile URI jwksUri;
    private final Duration cacheLifetime;
    private final Duration minRefetchInterval;
    private final Clock clock;
    private volatile Map<String, PublishedKey> keys = Map.of();
    private volatile Instant fetchedAt = Instant.EPOCH;
    private volatile Instant lastAttempt = Instant.EPOCH;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private volatile long completedFetches;

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
        PublishedKey known = keys.get(kid);
        boolean stale = clock.instant().isAfter(fetchedAt.plus(cacheLifetime));
        if (known != null && !stale) {
            return known;
        }
        if (known != null) {
            return refreshUnlessInFlight(kid, known);
        }
        return awaitFetchOf(kid);
    }

    private PublishedKey refreshUnlessInFlight(String kid, PublishedKey stale) {
        if (!fetchLock.tryLock()) {
            return stale;
        }
        try {
            fetchIfAllowed();
        } finally {
            fetchLock.unlock();
        }
        return keys.get(kid);
    }

    private PublishedKey awaitFetchOf(String kid) {
        long seen = completedFetches;
        try {
            if (!fetchLock.tryLock(FETCH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return keys.get(kid);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            // A fetch that finished while this request waited already answered the question; do not ask again.
            if (completedFetches == seen) {
                fetchIfAllowed();
            }
            return keys.get(kid);
        } finally {
            fetchLock.unlock();
        }
    }

    private void fetchIfAllowed() {
        Instant now = clock.instant();
        if (now.isBefore(lastAttempt.plus(minRefetchInterval))) {
            return;
        }
        lastAttempt = now;
        refresh(now);
        completedFetches++;
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
