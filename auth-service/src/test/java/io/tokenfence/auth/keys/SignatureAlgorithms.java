package io.tokenfence.auth.keys;

import java.security.Key;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.tokenfence.auth.testing.AuthClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared check of the algorithm tests: a login's token is signed with {@code alg}, the JWKS holds {@code kty} keys. */
final class SignatureAlgorithms {

    private SignatureAlgorithms() {
    }

    static void assertSignedWith(AuthClient api, String alg, String kty) {
        String token = api.loginOk("alice", "alice-password").accessToken();
        JwkSet set = Jwks.setParser().build().parse(api.get("/.well-known/jwks.json", null).body());

        assertThat(set.getKeys()).extracting(Jwk::getType).containsOnly(kty);
        var jws = Jwts.parser().keyLocator(new LocatorAdapter<Key>() {
            @Override
            protected Key locate(ProtectedHeader header) {
                return set.getKeys().stream().filter(jwk -> jwk.getId().equals(header.getKeyId())).findFirst()
                        .orElseThrow().toKey();
            }
        }).build().parseSignedClaims(token);
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo(alg);
        assertThat(jws.getPayload().getSubject()).isEqualTo("alice");
    }
}
