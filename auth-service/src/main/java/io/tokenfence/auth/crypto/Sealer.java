package io.tokenfence.auth.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing of small values under a key derived (HMAC-SHA256) from secret material and a purpose label, so
 * one secret never serves two purposes. Sealed text is {@code base64url(nonce || ciphertext || tag)}.
 */
public final class Sealer {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // Provider lookups in getInstance cost more than sealing a few hundred bytes; instances are reused per thread
    // (none of these classes is thread-safe; every use below starts from a reset state).
    private static final ThreadLocal<Mac> HMAC =
            ThreadLocal.withInitial(() -> newInstance(() -> Mac.getInstance("HmacSHA256")));
    private static final ThreadLocal<Cipher> AES_GCM =
            ThreadLocal.withInitial(() -> newInstance(() -> Cipher.getInstance("AES/GCM/NoPadding")));
    private static final ThreadLocal<MessageDigest> SHA_256 =
            ThreadLocal.withInitial(() -> newInstance(() -> MessageDigest.getInstance("SHA-256")));

    private final SecretKeySpec key;

    private Sealer(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A sealer whose key is HMAC-SHA256(secret, purpose). */
    public static Sealer derive(byte[] secret, String purpose) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return new Sealer(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public String seal(byte[] plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    /** Opens a sealed value; throws {@link GeneralSecurityException} when the key or associated data do not match. */
    public byte[] open(String sealed, String associatedData) throws GeneralSecurityException {
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("sealed value is not base64url", e);
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("sealed value too short");
        }
        Cipher cipher = AES_GCM.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
    }

    /** SHA-256, base64url without padding. */
    public static String sha256(byte[] value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SHA_256.get().digest(value));
    }

    private interface Factory<T> {
        T create() throws GeneralSecurityException;
    }

    private static <T> T newInstance(Factory<T> factory) {
        try {
            return factory.create();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A JDK-mandated algorithm is unavailable", e);
        }
    }

    /** Constant-time comparison of two strings' bytes. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
