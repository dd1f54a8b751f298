package io.tokenfence.auth.rotation;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import io.tokenfence.auth.crypto.Sealer;
import io.tokenfence.auth.session.SessionId;

/**
 * An opaque refresh token: {@code <session id>.<secret>}, the secret being 256 random bits in base64url. Only
 * {@link #hash()} of it is ever stored.
 */
public final class RefreshToken {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;
    private static final int SECRET_CHARS = 43;

    private final String sid;
    private final String secret;

    private RefreshToken(String sid, String secret) {
        this.sid = sid;
        this.secret = secret;
    }

    public static RefreshToken newFor(String sid) {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return new RefreshToken(sid, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Parses a presented token; empty for anything not shaped like one of ours. */
    public static Optional<RefreshToken> parse(String presented) {
        if (presented == null || presented.length() != 38 + 1 + SECRET_CHARS || presented.charAt(38) != '.') {
            return Optional.empty();
        }
        String sid = presented.substring(0, 38);
        String secret = presented.substring(39);
        if (!SessionId.isWellFormed(sid) || !secret.chars().allMatch(RefreshToken::isBase64Url)) {
            return Optional.empty();
        }
        return Optional.of(new RefreshToken(sid, secret));
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    public String sid() {
        return sid;
    }

    /** What the store keeps: SHA-256 of the secret. The secret is random, so no slow hash is needed. */
    public String hash() {
        return Sealer.sha256(secret.getBytes(StandardCharsets.US_ASCII));
    }

    /** Key material that only a holder of this token has, for sealing the grace-window replay. */
    byte[] secretBytes() {
        return secret.getBytes(StandardCharsets.US_ASCII);
    }

    /** The token as sent to the client. */
    public String value() {
        return sid + "." + secret;
    }

    @Override
    public String toString() {
        return "RefreshToken[sid=" + sid + "]"; // never the secret
    }
}
