package io.tokenfence.auth.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.jsonwebtoken.security.Jwks;
import io.tokenfence.auth.config.AuthProperties;
import org.springframework.core.io.ResourceLoader;

/** One key pair from PEM files, for operators who manage keys outside TokenFence. */
public final class StaticKeyRingSource implements KeyRingSource {

    private final KeyRing ring;

    public StaticKeyRingSource(AuthProperties.Keys keys, ResourceLoader resources) {
        byte[] pkcs8 = pem(resources, keys.privateKeyLocation(), "PRIVATE KEY");
        byte[] x509 = pem(resources, keys.publicKeyLocation(), "PUBLIC KEY");
        SigningAlgorithm algorithm = null;
        PublicKey publicKey = null;
        PrivateKey privateKey = null;
        for (SigningAlgorithm candidate : SigningAlgorithm.values()) {
            try {
                publicKey = candidate.keyFactory().generatePublic(new X509EncodedKeySpec(x509));
                privateKey = candidate.keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                algorithm = candidate;
                break;
            } catch (GeneralSecurityException | IllegalStateException e) {
                // not this key type; try the next
            }
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("tokenfence.auth.keys.private-key-location/public-key-location: "
                    + "not an EC P-256, RSA or Ed25519 key pair in PEM (PKCS#8 / X.509)");
        }
        requireP256(publicKey);
        String kid = keys.keyId() != null ? keys.keyId()
                : Jwks.builder().key(publicKey).idFromThumbprint().build().getId();
        this.ring = new KeyRing(List.of(new SigningKey(kid, algorithm, publicKey, privateKey, Instant.EPOCH, null)));
    }

    private static void requireP256(Key key) {
        if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("tokenfence.auth.keys: only P-256 EC keys (ES256) are supported");
        }
    }

    private static byte[] pem(ResourceLoader resources, String location, String type) {
        try (InputStream in = resources.getResource(location).getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String begin = "-----BEGIN " + type + "-----";
            int start = text.indexOf(begin);
            int end = text.indexOf("-----END " + type + "-----");
            if (start < 0 || end < 0) {
                throw new IllegalArgumentException(location + " holds no '" + begin + "' block");
            }
            return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read signing key from " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public KeyRing current() {
        return ring;
    }
}
