package io.tokenfence.auth.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokenfence.auth.crypto.Sealer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The key ring as one JSON document in Redis. Private keys are PKCS#8, sealed with AES-GCM under a key derived from
 * {@code tokenfence.auth.keys.encryption-secret} when one is set (the {@code kid} is the associated data, so a sealed
 * key cannot be moved to another entry).
 */
final class KeyRingCodec {

    private static final String SEALED_PREFIX = "sealed:";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final JsonMapper json;
    private final Sealer sealer;

    KeyRingCodec(JsonMapper json, String encryptionSecret) {
        this.json = json;
        this.sealer = encryptionSecret == null || encryptionSecret.isBlank() ? null
                : Sealer.derive(encryptionSecret.getBytes(StandardCharsets.UTF_8), "tokenfence signing-key sealing v1");
    }

    boolean sealsKeys() {
        return sealer != null;
    }

    String encode(KeyRing ring) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (SigningKey key : ring.keys()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kid", key.kid());
            entry.put("alg", key.algorithm().joseName());
            entry.put("pub", B64.encodeToString(key.publicKey().getEncoded()));
            if (key.privateKey() != null) {
                byte[] pkcs8 = key.privateKey().getEncoded();
                entry.put("priv", sealer == null ? B64.encodeToString(pkcs8) : SEALED_PREFIX + sealer.seal(pkcs8, key.kid()));
            }
            entry.put("activeFrom", key.activeFrom().toEpochMilli());
            if (key.retiredAt() != null) {
                entry.put("retiredAt", key.retiredAt().toEpochMilli());
            }
            entries.add(entry);
        }
        return json.writeValueAsString(Map.of("v", 1, "keys", entries));
    }

    KeyRing decode(String document) {
        Map<String, Object> root = json.readValue(document, new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) root.getOrDefault("keys", List.of());
        List<SigningKey> keys = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            String kid = (String) entry.get("kid");
            SigningAlgorithm algorithm = SigningAlgorithm.fromJose((String) entry.get("alg"));
            try {
                PublicKey publicKey = algorithm.keyFactory()
                        .generatePublic(new X509EncodedKeySpec(B64D.decode((String) entry.get("pub"))));
                PrivateKey privateKey = null;
                String priv = (String) entry.get("priv");
                if (priv != null) {
                    privateKey = algorithm.keyFactory().generatePrivate(new PKCS8EncodedKeySpec(unseal(kid, priv)));
                }
                Object retired = entry.get("retiredAt");
                keys.add(new SigningKey(kid, algorithm, publicKey, privateKey,
                        Instant.ofEpochMilli(((Number) entry.get("activeFrom")).longValue()),
                        retired == null ? null : Instant.ofEpochMilli(((Number) retired).longValue())));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Signing key " + kid + " in Redis cannot be read: " + e.getMessage()
                        + " (is tokenfence.auth.keys.encryption-secret the same on every instance?)", e);
            }
        }
        return new KeyRing(keys);
    }

    private byte[] unseal(String kid, String priv) throws GeneralSecurityException {
        if (priv.startsWith(SEALED_PREFIX)) {
            if (sealer == null) {
                throw new GeneralSecurityException("the key is sealed but no encryption secret is configured");
            }
            return sealer.open(priv.substring(SEALED_PREFIX.length()), kid);
        }
        return B64D.decode(priv);
    }
}
