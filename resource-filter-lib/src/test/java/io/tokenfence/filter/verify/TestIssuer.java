package io.tokenfence.filter.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;

/**
 * A stand-in auth service for library tests: ES256 keys, a JWKS served over real HTTP on a free loopback port, and
 * tokens shaped like TokenFence's.
 */
final class TestIssuer implements AutoCloseable {

    static final String ISSUER = "http://issuer.test";
    static final String AUDIENCE = "tokenfence";

    private final HttpServer server;
    private final List<KeyPair> keys = new ArrayList<>();
    private final List<String> kids = new ArrayList<>();
    final AtomicInteger jwksFetches = new AtomicInteger();
    /** When set, a JWKS request is held (counted, not answered) until the latch opens: a fetch kept in flight. */
    volatile CountDownLatch jwksGate;

    TestIssuer() throws IOException {
        addKey();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            CountDownLatch gate = jwksGate;
            if (gate != null) {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    synchronized String addKey() {
        KeyPair pair = Jwts.SIG.ES256.keyPair().build();
        keys.add(pair);
        kids.add("kid-" + keys.size());
        return kids.get(kids.size() - 1);
    }

    private synchronized String jwks() {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            Map<String, ?> jwk = Jwks.builder().key((java.security.interfaces.ECPublicKey) keys.get(i).getPublic())
                    .id(kids.get(i)).algorithm("ES256").build();
            json.append(new tools.jackson.databind.json.JsonMapper().writeValueAsString(jwk));
        }
        return json.append("]}").toString();
    }

    java.net.URI jwksUri() {
        return java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    /** A valid token of the newest key, issued now, living five minutes. */
    JwtBuilder token() {
        return token(keys.size() - 1);
    }

    synchronized JwtBuilder token(int keyIndex) {
        Instant now = Instant.now();
        return Jwts.builder().header().keyId(kids.get(keyIndex)).and()
                .issuer(ISSUER).audience().add(AUDIENCE).and()
                .subject("alice").claim("sid", "session-1").id("jti-" + System.nanoTime())
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(300)))
                .claim("roles", List.of("user"))
                .signWith(keys.get(keyIndex).getPrivate(), Jwts.SIG.ES256);
    }

    KeyPair key(int index) {
        return keys.get(index);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
