package io.tokenfence.auth.config;

import java.time.Duration;
import java.util.List;

import io.tokenfence.auth.keys.SignatureProvider;
import io.tokenfence.auth.keys.SigningAlgorithm;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the auth service lets an operator choose, under {@code tokenfence.auth}.
 *
 * @param issuer the {@code iss} of every access token and the base of the discovery document; production must set it
 *               to the public URL of the auth service
 * @param audience the {@code aud} of every access token; resource servers require it
 * @param accessToken access-token settings
 * @param keys signing-key management
 * @param sessions session (refresh-token family) lifetimes and policy
 * @param refresh rotation settings
 * @param refreshCookie optional delivery of the refresh token in an HttpOnly cookie
 * @param rateLimits request-rate limits, enforced across all instances through Redis
 * @param redis where the service keeps its state in Redis
 * @param users the built-in user source (used when the application defines no {@code UserDetailsService} bean)
 * @param maxRequestBytes the largest request body accepted on the auth endpoints; larger ones answer 413
 */
@ConfigurationProperties("tokenfence.auth")
@Validated
public record AuthProperties(
        @DefaultValue("http://localhost:8080") String issuer,
        @DefaultValue("tokenfence") String audience,
        @DefaultValue AccessToken accessToken,
        @DefaultValue Keys keys,
        @DefaultValue Sessions sessions,
        @DefaultValue Refresh refresh,
        @DefaultValue RefreshCookie refreshCookie,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue Redis redis,
        List<User> users,
        @DefaultValue("16384") int maxRequestBytes) {

    public AuthProperties {
        users = users == null ? List.of() : List.copyOf(users);
        require(!issuer.isBlank(), "tokenfence.auth.issuer must not be blank");
        require(!audience.isBlank(), "tokenfence.auth.audience must not be blank");
        require(maxRequestBytes >= 1024, "tokenfence.auth.max-request-bytes must be at least 1024, was " + maxRequestBytes);
    }

    /**
     * @param ttl lifetime of an access token; keep it short, revocation reaches resource servers through events anyway
     * @param algorithm signature algorithm of newly generated keys
     * @param signatureProvider which implementation computes the signatures: {@code jdk}, {@code bouncy-castle}, or
     *                          {@code auto}: Bouncy Castle for EdDSA (about 9x faster than the JDK on Java 17 and 25)
     *                          and for ES256 before Java 25 (twice as fast on Java 17), the JDK for ES256 from Java 25
     *                          on and for RS256 (BENCHMARKS.md); verifiers cannot tell the difference
     */
    public record AccessToken(@DefaultValue("5m") Duration ttl, @DefaultValue("ES256") SigningAlgorithm algorithm,
                              @DefaultValue("auto") SignatureProvider signatureProvider) {
        public AccessToken {
            require(positive(ttl), "tokenfence.auth.access-token.ttl must be positive, was " + ttl);
        }
    }

    /**
     * @param source {@code redis}: generated, shared and rotated through Redis; {@code static}: PEM files
     * @param rotationInterval how long a key signs before its successor takes over
     * @param publishAhead how long a new key is published in the JWKS before it signs anything, so resource servers
     *                     have it before they see a token signed with it
     * @param reloadInterval how often each instance re-reads the shared key ring
     * @param encryptionSecret when set, private keys are stored in Redis sealed with AES-GCM under a key derived from
     *                         this secret; production should set it (from a secret store)
     * @param privateKeyLocation for {@code static}: PKCS#8 PEM private key
     * @param publicKeyLocation for {@code static}: X.509 PEM public key
     * @param keyId for {@code static}: the {@code kid}; defaults to the key's JWK thumbprint
     */
    public record Keys(
            @DefaultValue("redis") KeySource source,
            @DefaultValue("7d") Duration rotationInterval,
            @DefaultValue("10m") Duration publishAhead,
            @DefaultValue("30s") Duration reloadInterval,
            String encryptionSecret,
            String privateKeyLocation,
            String publicKeyLocation,
            String keyId) {
        public Keys {
            require(positive(rotationInterval), "tokenfence.auth.keys.rotation-interval must be positive");
            require(!publishAhead.isNegative(), "tokenfence.auth.keys.publish-ahead must not be negative");
            require(positive(reloadInterval), "tokenfence.auth.keys.reload-interval must be positive");
            require(source != KeySource.STATIC || (privateKeyLocation != null && publicKeyLocation != null),
                    "tokenfence.auth.keys.source=static needs tokenfence.auth.keys.private-key-location and "
                            + "tokenfence.auth.keys.public-key-location");
        }

        @Override
        public String toString() {
            return "Keys[source=" + source + ", rotationInterval=" + rotationInterval + ", publishAhead=" + publishAhead
                    + ", encryptionSecret=" + (encryptionSecret == null ? "unset" : "******") + "]";
        }
    }

    /** Where signing keys come from. */
    public enum KeySource { REDIS, STATIC }

    /**
     * @param absoluteLifetime a session ends this long after login, however active
     * @param inactivityTimeout a session ends when not refreshed for this long (sliding on each refresh)
     * @param maxPerUser 0 for unlimited; otherwise a login past the limit revokes the least recently used session
     */
    public record Sessions(
            @DefaultValue("30d") Duration absoluteLifetime,
            @DefaultValue("7d") Duration inactivityTimeout,
            @DefaultValue("0") int maxPerUser) {
        public Sessions {
            require(positive(absoluteLifetime), "tokenfence.auth.sessions.absolute-lifetime must be positive");
            require(positive(inactivityTimeout), "tokenfence.auth.sessions.inactivity-timeout must be positive");
            require(maxPerUser >= 0, "tokenfence.auth.sessions.max-per-user must be >= 0, was " + maxPerUser);
        }
    }

    /**
     * @param graceWindow a refresh token rotated out less than this long ago answers with the same new pair instead
     *                    of counting as reuse (concurrent tabs, client retries)
     * @param lockLease the longest a crashed holder can keep a session's rotation lock
     * @param lockWait how long a refresh waits for a session's rotation lock before answering 503
     * @param locking {@code on-contention}: compare-and-set first and take the session lock only when another rotation
     *                won the race; {@code always}: take the session lock before every rotation. Same answers either
     *                way; on-contention costs less CPU per refresh (BENCHMARKS.md)
     * @param retiredTokensKept how many rotated-out token hashes a session remembers for reuse detection
     */
    public record Refresh(
            @DefaultValue("10s") Duration graceWindow,
            @DefaultValue("5s") Duration lockLease,
            @DefaultValue("3s") Duration lockWait,
            @DefaultValue("on-contention") LockingMode locking,
            @DefaultValue("8") int retiredTokensKept) {
        public Refresh {
            require(!graceWindow.isNegative(), "tokenfence.auth.refresh.grace-window must not be negative");
            require(positive(lockLease), "tokenfence.auth.refresh.lock-lease must be positive");
            require(!lockWait.isNegative(), "tokenfence.auth.refresh.lock-wait must not be negative");
            require(retiredTokensKept >= 1 && retiredTokensKept <= 64,
                    "tokenfence.auth.refresh.retired-tokens-kept must be within 1..64, was " + retiredTokensKept);
        }
    }

    /** When rotation takes the per-session lock. */
    public enum LockingMode { ALWAYS, ON_CONTENTION }

    /**
     * @param enabled also deliver the refresh token as an HttpOnly, Secure, SameSite=Strict cookie scoped to
     *                {@code /auth}, and leave it out of response bodies
     * @param name the cookie's name
     * @param csrfHeader a refresh or logout that carries the token in the cookie must also send this header (any
     *                   value): a cross-site form cannot
     */
    public record RefreshCookie(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("tokenfence_refresh") String name,
            @DefaultValue("X-TokenFence-CSRF") String csrfHeader) {
    }

    /**
     * @param enabled turn the limits off only for benchmarks
     * @param loginPerUsername login attempts per username (default 10 per minute)
     * @param loginPerIp login attempts per client address (default 60 per minute)
     * @param refreshPerSession refreshes per session (default 30 per minute)
     */
    public record RateLimits(
            @DefaultValue("true") boolean enabled,
            Rate loginPerUsername,
            Rate loginPerIp,
            Rate refreshPerSession) {
        public RateLimits {
            loginPerUsername = loginPerUsername != null ? loginPerUsername : new Rate(10, Duration.ofMinutes(1));
            loginPerIp = loginPerIp != null ? loginPerIp : new Rate(60, Duration.ofMinutes(1));
            refreshPerSession = refreshPerSession != null ? refreshPerSession : new Rate(30, Duration.ofMinutes(1));
        }
    }

    /** {@code permits} requests per {@code interval}. */
    public record Rate(long permits, Duration interval) {
        public Rate {
            require(permits > 0, "rate permits must be positive, was " + permits);
            require(positive(interval), "rate interval must be positive, was " + interval);
        }
    }

    /**
     * @param keyPrefix prefix of every key the service writes, so several deployments can share one Redis
     * @param ioThreads event-loop threads of the Redis client; 0 means one per available processor. The client's own
     *                  default (32) spreads round trips over threads that each must be woken, which costs more CPU per
     *                  refresh than it saves (see BENCHMARKS.md)
     */
    public record Redis(@DefaultValue("tokenfence") String keyPrefix, @DefaultValue("0") int ioThreads) {
        public Redis {
            require(keyPrefix.matches("[A-Za-z0-9:_-]+"),
                    "tokenfence.auth.redis.key-prefix may hold only letters, digits, ':', '_' and '-', was " + keyPrefix);
            require(ioThreads >= 0, "tokenfence.auth.redis.io-threads must be 0 (one per processor) or more, was "
                    + ioThreads);
        }

        /** The event-loop thread count to use on a machine with {@code processors} available processors. */
        public int ioThreadsFor(int processors) {
            return ioThreads > 0 ? ioThreads : Math.max(1, processors);
        }
    }

    /**
     * A user of the built-in source.
     *
     * @param username the login name
     * @param passwordHash an encoded password, e.g. {@code {bcrypt}$2a$10$...}; never a clear-text password
     * @param roles role names without prefix, e.g. {@code user}, {@code admin}
     */
    public record User(String username, String passwordHash, List<String> roles) {
        public User {
            require(username != null && !username.isBlank(), "tokenfence.auth.users[].username must be set");
            require(passwordHash != null && passwordHash.startsWith("{"),
                    "tokenfence.auth.users[].password-hash of '" + username + "' must be an encoded password such as "
                            + "{bcrypt}$2a$10$...");
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
