package io.tokenfence.bench.jmh;

import java.security.KeyPair;
import java.security.Provider;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.SignatureAlgorithm;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * jjwt sign and verify of an access token shaped like TokenFence's, for each selectable algorithm: the cost the
 * auth-service pays once per login or refresh, and a resource server pays per first-seen token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {

    @Param({"ES256", "RS256", "EdDSA"})
    public String algorithm;

    /** {@code jdk} or {@code bc} (Bouncy Castle): which provider signs and verifies. */
    @Param({"jdk", "bc"})
    public String provider;

    private KeyPair keys;
    private SignatureAlgorithm jjwt;
    private JwtParser parser;
    private String token;
    private Provider bouncyCastle;

    @Setup
    public void setUp() {
        jjwt = switch (algorithm) {
            case "ES256" -> Jwts.SIG.ES256;
            case "RS256" -> Jwts.SIG.RS256;
            default -> Jwts.SIG.EdDSA;
        };
        keys = "EdDSA".equals(algorithm) ? Jwks.CRV.Ed25519.keyPair().build() : jjwt.keyPair().build();
        bouncyCastle = "bc".equals(provider) ? new BouncyCastleProvider() : null;
        JwtParserBuilder parserBuilder = Jwts.parser().verifyWith(keys.getPublic());
        parser = (bouncyCastle == null ? parserBuilder : parserBuilder.provider(bouncyCastle)).build();
        token = sign();
        System.out.println("\n" + algorithm + " token length: " + token.length() + " characters");
    }

    @Benchmark
    public String sign() {
        Instant now = Instant.now();
        JwtBuilder builder = bouncyCastle == null ? Jwts.builder() : Jwts.builder().provider(bouncyCastle);
        return builder.header().keyId("5ptaUiSbngNM0zfNw4Vah8yLKS1TZlzCEYtBPnjFecM").and()
                .issuer("http://localhost:8080").audience().add("tokenfence").and()
                .subject("alice").claim("sid", "2bd806c97f0e00afJwV_N5W0Ukl7akptwWb1IQ")
                .id("pL5I3jjiyX9N2mrRUtgaMw").issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(300)))
                .claim("roles", List.of("user"))
                .signWith(keys.getPrivate(), jjwt).compact();
    }

    @Benchmark
    public Object verify() {
        return parser.parseSignedClaims(token).getPayload();
    }
}
