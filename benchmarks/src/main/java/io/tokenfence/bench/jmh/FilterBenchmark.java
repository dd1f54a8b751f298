package io.tokenfence.bench.jmh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenfence.filter.blacklist.CaffeineBlacklist;
import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.security.TokenFenceJwtDecoder;
import io.tokenfence.filter.verify.JwksKeySource;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.verify.VerifiedToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The resource filter's per-request cost (verify + blacklist, what {@code TokenFenceFilter} and
 * {@code TokenFenceJwtDecoder} do for each request) beside Spring Security's {@link NimbusJwtDecoder} decoding the same
 * ES256 token, in one run. Keys come from a JWKS served on loopback, as in production; after the first fetch no request
 * touches the network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    private static final String ISSUER = "http://localhost:8080";

    private HttpServer jwksServer;
    private TokenVerifier verifier;
    private CaffeineBlacklist blacklist;
    private TokenFenceJwtDecoder tokenFenceDecoder;
    private NimbusJwtDecoder nimbus;
    private String token;
    private String revokedToken;

    @Setup
    public void setUp() throws IOException {
        KeyPair keys = Jwts.SIG.ES256.keyPair().build();
        String jwks = "{\"keys\":[" + Jwks.json(Jwks.builder().key((ECPublicKey) keys.getPublic()).id("k1")
                .algorithm("ES256").build()) + "]}";
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks.json", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        URI jwksUri = URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json");
        Clock clock = Clock.systemUTC();
        verifier = new TokenVerifier(new JwksKeySource(jwksUri, ISSUER, Duration.ofMinutes(5), Duration.ofSeconds(30),
                clock), ISSUER, "tokenfence", Set.of("ES256"), Duration.ofSeconds(30), 100_000, clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        blacklist = new CaffeineBlacklist(clock, Ticker.systemTicker(), 1_000_000, registry);
        tokenFenceDecoder = new TokenFenceJwtDecoder(verifier, blacklist, registry);
        // Spring Security's stock decoder for the same JWKS: it fetches the key set once and then verifies the
        // signature of every token it is handed, which is what a resource server pays without TokenFence.
        nimbus = NimbusJwtDecoder.withJwkSetUri(jwksUri.toString()).jwsAlgorithm(SignatureAlgorithm.ES256).build();

        token = sign(keys, "session-live");
        revokedToken = sign(keys, "session-revoked");
        Instant now = Instant.now();
        // A realistic blacklist: 10,000 other revoked sessions, plus this one.
        for (int i = 0; i < 10_000; i++) {
            blacklist.apply(RevocationEvent.session("user-" + i, "session-" + i, RevocationEvent.Reason.LOGOUT, now,
                    now.plusSeconds(600)));
        }
        blacklist.apply(RevocationEvent.session("alice", "session-revoked", RevocationEvent.Reason.LOGOUT,
                now.plusSeconds(1), now.plusSeconds(600)));
        verifier.verify(token);
        verifier.verify(revokedToken);
    }

    private static String sign(KeyPair keys, String sid) {
        Instant now = Instant.now();
        return Jwts.builder().header().keyId("k1").and()
                .issuer(ISSUER).audience().add("tokenfence").and()
                .subject("alice").claim("sid", sid).id("pL5I3jjiyX9N2mrRUtgaMw")
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(3600)))
                .claim("roles", List.of("user"))
                .signWith(keys.getPrivate(), Jwts.SIG.ES256).compact();
    }

    @TearDown
    public void tearDown() {
        jwksServer.stop(0);
    }

    /** A token seen before: cache hit, then the blacklist. What almost every request costs. */
    @Benchmark
    public boolean repeatToken() {
        return blacklist.isRevoked(verifier.verify(token));
    }

    /** A token seen for the first time: signature and claims verified, then the blacklist. */
    @Benchmark
    public boolean firstSeenToken() {
        return blacklist.isRevoked(verifier.verifyUncached(token));
    }

    /** A revoked token seen before: cache hit, blacklist hit. */
    @Benchmark
    public boolean revokedToken() {
        VerifiedToken verified = verifier.verify(revokedToken);
        return blacklist.isRevoked(verified);
    }

    /** The Spring Security integration on a repeat token: cache, blacklist, and building Spring's {@link Jwt}. */
    @Benchmark
    public Jwt tokenFenceJwtDecoderRepeatToken() {
        return tokenFenceDecoder.decode(token);
    }

    /** Spring Security's stock decoder on the same token: it verifies the signature on every request. */
    @Benchmark
    public Jwt nimbusJwtDecoder() {
        return nimbus.decode(token);
    }
}
