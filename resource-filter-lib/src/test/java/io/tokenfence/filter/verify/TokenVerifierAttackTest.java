package io.tokenfence.filter.verify;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.tokenfence.filter.verify.TokenRejectedException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every known way to smuggle a token past a JWT verifier, each rejected. */
class TokenVerifierAttackTest {

    private TestIssuer issuer;
    private TokenVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        issuer = new TestIssuer();
        verifier = newVerifier(Duration.ofSeconds(30));
    }

    private final MovableClock clock = new MovableClock();

    private TokenVerifier newVerifier(Duration minRefetch) {
        JwksKeySource keys = new JwksKeySource(issuer.jwksUri(), TestIssuer.ISSUER, Duration.ofMinutes(5), minRefetch,
                clock);
        return new TokenVerifier(keys, TestIssuer.ISSUER, TestIssuer.AUDIENCE, Set.of("ES256", "RS256", "EdDSA"),
                Duration.ofSeconds(30), 1000, clock);
    }

    /** Time that tests move instead of sleeping. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @AfterEach
    void tearDown() {
        issuer.close();
    }

    @Test
    void validTokenIsAcceptedWithItsClaims() {
        VerifiedToken token = verifier.verify(issuer.token().compact());

        assertThat(token.sub()).isEqualTo("alice");
        assertThat(token.sid()).isEqualTo("session-1");
        assertThat(token.roles()).containsExactly("user");
    }

    @Test
    void repeatTokenIsServedFromTheCacheWithoutAnotherJwksFetch() {
        String token = issuer.token().compact();
        VerifiedToken first = verifier.verify(token);
        int fetches = issuer.jwksFetches.get();

        VerifiedToken second = verifier.verify(new String(token.toCharArray()));

        assertThat(second).isSameAs(first);
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetches);
    }

    @Test
    void algNoneIsRejected() {
        String unsigned = segment("{\"alg\":\"none\",\"kid\":\"kid-1\"}") + "." + payload() + ".";
        assertRejected(unsigned, Reason.INVALID_SIGNATURE);
    }

    @Test
    void hs256SignedWithThePublicKeyIsRejected() {
        byte[] publicKeyBytes = issuer.key(0).getPublic().getEncoded();
        // The literal public-key bytes as the HMAC secret: the classic algorithm-confusion attack.
        String confused = segment("{\"alg\":\"HS256\",\"kid\":\"kid-1\"}") + "." + payload() + "."
                + hmac(publicKeyBytes, segment("{\"alg\":\"HS256\",\"kid\":\"kid-1\"}") + "." + payload());
        assertRejected(confused, Reason.INVALID_SIGNATURE);
    }

    @Test
    void unknownKidAndKidsWithPathOrSqlCharactersAreRejected() {
        KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
        for (String kid : new String[] {"kid-999", "../../etc/passwd", "kid-1' OR '1'='1", "kid-1\"}", ""}) {
            String token = Jwts.builder().header().keyId(kid).and().issuer(TestIssuer.ISSUER)
                    .audience().add(TestIssuer.AUDIENCE).and().subject("mallory").issuedAt(new Date())
                    .expiration(Date.from(Instant.now().plusSeconds(300)))
                    .signWith(attacker.getPrivate(), Jwts.SIG.ES256).compact();
            assertRejected(token, Reason.INVALID_SIGNATURE);
        }
    }

    @Test
    void jkuX5uAndEmbeddedJwkHeadersAreNeverUsedToFindAKey() {
        KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
        String attackerJwk = new tools.jackson.databind.json.JsonMapper().writeValueAsString(
                Jwks.builder().key((java.security.interfaces.ECPublicKey) attacker.getPublic()).build());
        for (String extra : new String[] {"\"jku\":\"http://evil.test/jwks.json\"", "\"x5u\":\"http://evil.test/c.pem\"",
                "\"jwk\":" + attackerJwk}) {
            String header = segment("{\"alg\":\"ES256\",\"kid\":\"kid-1\"," + extra + "}");
            String signingInput = header + "." + payload();
            assertThat(verifierRejects(signingInput + "." + es256(attacker, signingInput))).isTrue();
        }
    }

    @Test
    void expiredNotYetValidWrongIssuerAndWrongAudienceAreRejected() {
        Instant now = Instant.now();
        assertRejected(issuer.token().issuedAt(Date.from(now.minusSeconds(900)))
                .expiration(Date.from(now.minusSeconds(600))).compact(), Reason.EXPIRED);
        assertRejected(issuer.token().notBefore(Date.from(now.plusSeconds(600))).compact(), Reason.INVALID);
        assertRejected(issuer.token().issuer("http://elsewhere.test").compact(), Reason.INVALID);
        assertRejected(issuer.token().audience().single("another-api").compact(), Reason.INVALID);
    }

    @Test
    void strippedSignatureHugeHeaderAndNonBase64SegmentsAreRejected() {
        String valid = issuer.token().compact();
        assertRejected(valid.substring(0, valid.lastIndexOf('.') + 1), Reason.MALFORMED);
        assertRejected(segment("{\"alg\":\"ES256\",\"kid\":\"" + "k".repeat(100_000) + "\"}") + "." + payload()
                + ".c2ln", Reason.MALFORMED);
        assertRejected("%%%.###.!!!", Reason.MALFORMED);
        assertRejected("not-a-jwt", Reason.MALFORMED);
        assertRejected("", Reason.MALFORMED);
    }

    @Test
    void rotatedKeyIsPickedUpWithoutRestartAndUnknownKidFloodsFetchTheJwksAtMostOncePerInterval() {
        verifier.verify(issuer.token().compact());
        issuer.addKey();
        clock.advance(Duration.ofSeconds(31)); // past the refetch interval; the JWKS cache itself is still fresh

        // The first token of the new key triggers one refetch, then it verifies.
        assertThat(verifier.verify(issuer.token(1).compact()).sub()).isEqualTo("alice");
        int fetches = issuer.jwksFetches.get();
        KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
        for (int i = 0; i < 50; i++) {
            String token = Jwts.builder().header().keyId("random-" + i).and().subject("x").issuedAt(new Date())
                    .expiration(Date.from(Instant.now().plusSeconds(60)))
                    .signWith(attacker.getPrivate(), Jwts.SIG.ES256).compact();
            assertRejected(token, Reason.INVALID_SIGNATURE);
        }
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetches);
    }

    private boolean verifierRejects(String token) {
        try {
            verifier.verify(token);
            return false;
        } catch (TokenRejectedException e) {
            return true;
        }
    }

    private void assertRejected(String token, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejectedException.class)
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(reason);
    }

    private static String payload() {
        long now = Instant.now().getEpochSecond();
        return segment("{\"iss\":\"" + TestIssuer.ISSUER + "\",\"aud\":\"" + TestIssuer.AUDIENCE
                + "\",\"sub\":\"mallory\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
    }

    private static String segment(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(byte[] secret, String input) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String es256(KeyPair key, String input) {
        // Sign the exact signing input with jjwt's JCA-compatible ES256 (JOSE concatenated r||s form).
        try {
            java.security.Signature signature = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
