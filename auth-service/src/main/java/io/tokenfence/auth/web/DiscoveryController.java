package io.tokenfence.auth.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jsonwebtoken.security.Jwks;
import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.auth.keys.KeyRingSource;
import io.tokenfence.auth.keys.SigningKey;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys (JWKS) and a minimal discovery document, enough for a stock Spring Security resource server
 * configured with only {@code issuer-uri}.
 */
@RestController
class DiscoveryController {

    static final String JWKS_PATH = "/.well-known/jwks.json";

    private final KeyRingSource keys;
    private final AuthProperties properties;

    DiscoveryController(KeyRingSource keys, AuthProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @GetMapping(path = JWKS_PATH, produces = {"application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Map<String, Object>> jwks() {
        List<Map<String, Object>> published = keys.current().keys().stream().map(DiscoveryController::jwk).toList();
        // Short enough that a successor key (published publish-ahead before it signs) is always fetched in time.
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic())
                .body(Map.of("keys", published));
    }

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> openidConfiguration() {
        String issuer = properties.issuer();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", stripTrailingSlash(issuer) + JWKS_PATH);
        document.put("token_endpoint", stripTrailingSlash(issuer) + "/auth/login");
        document.put("id_token_signing_alg_values_supported",
                List.of(properties.accessToken().algorithm().joseName()));
        document.put("subject_types_supported", List.of("public"));
        document.put("response_types_supported", List.of("token"));
        return document;
    }

    private static Map<String, Object> jwk(SigningKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        Jwks.builder().key(key.publicKey()).id(key.kid()).algorithm(key.algorithm().joseName()).publicKeyUse("sig")
                .build().forEach((name, value) -> jwk.put(name, String.valueOf(value)));
        return jwk;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
