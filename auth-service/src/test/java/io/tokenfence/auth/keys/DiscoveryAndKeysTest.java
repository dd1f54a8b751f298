package io.tokenfence.auth.keys;

import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {"tokenfence.auth.keys.encryption-secret=test-only-sealing-secret",
        "tokenfence.auth.issuer=https://auth.example.test"})
class DiscoveryAndKeysTest extends AuthServiceTestBase {

    @Autowired
    private KeyRingSource keys;

    @Test
    void discoveryDocumentNamesTheIssuerAndItsJwks() {
        ApiResponse answer = api.get("/.well-known/openid-configuration", null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("issuer")).isEqualTo("https://auth.example.test");
        assertThat(answer.text("jwks_uri")).isEqualTo("https://auth.example.test/.well-known/jwks.json");
    }

    @Test
    void accessTokenVerifiesAgainstThePublishedJwksWithEveryClaim() {
        Tokens login = api.loginOk("alice", "alice-password");

        Jws<Claims> jws = parse(login.accessToken(), jwks());

        Claims claims = jws.getPayload();
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo("ES256");
        assertThat(jws.getHeader().getKeyId()).isNotBlank();
        assertThat(claims.getIssuer()).isEqualTo("https://auth.example.test");
        assertThat(claims.getAudience()).containsExactly("tokenfence");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.get("sid", String.class)).isEqualTo(login.sessionId());
        assertThat(claims.getId()).isNotBlank();
        assertThat(claims.get("roles", List.class)).containsExactly("user");
        assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rotatedKeyIsPublishedBeforeItSignsAndTheOldKeyStaysPublished() {
        Tokens before = api.loginOk("alice", "alice-password");
        String oldKid = parse(before.accessToken(), jwks()).getHeader().getKeyId();

        ((RedisKeyRingStore) keys).rotateNow();

        JwkSet published = jwks();
        assertThat(published.getKeys()).hasSize(2);
        // Published ahead: tokens are still signed with the old key...
        assertThat(parse(api.loginOk("alice", "alice-password").accessToken(), published).getHeader().getKeyId())
                .isEqualTo(oldKid);
        // ...until publish-ahead has passed; then the new one signs and both verify.
        clock.advance(Duration.ofMinutes(11));
        Tokens after = api.loginOk("alice", "alice-password");
        String newKid = parse(after.accessToken(), jwks()).getHeader().getKeyId();
        assertThat(newKid).isNotEqualTo(oldKid);
        clock.advance(Duration.ofMinutes(-11)); // back to when 'before' was valid: its key is still published
        assertThat(parse(before.accessToken(), jwks()).getPayload().getSubject()).isEqualTo("alice");
    }

    @Test
    void privateKeysAreSealedInRedis() {
        api.loginOk("alice", "alice-password"); // the first key exists at the latest after the first signature
        String document = redisson.<String>getBucket("tokenfence:keys", StringCodec.INSTANCE).get();

        assertThat(document).contains("\"priv\":\"sealed:");
        assertThat(document).doesNotContain("\"priv\":\"MI");
    }

    private JwkSet jwks() {
        ApiResponse answer = api.get("/.well-known/jwks.json", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).contains("max-age");
        return Jwks.setParser().build().parse(answer.body());
    }

    private Jws<Claims> parse(String token, JwkSet set) {
        return Jwts.parser()
                .clock(() -> java.util.Date.from(clock.instant()))
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(ProtectedHeader header) {
                        return set.getKeys().stream().filter(jwk -> jwk.getId().equals(header.getKeyId()))
                                .findFirst().orElseThrow().toKey();
                    }
                })
                .build().parseSignedClaims(token);
    }
}
