package io.tokenfence.auth.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import io.tokenfence.auth.storage.RedisLayout;

/**
 * Session ids: the 16-hex-digit user handle followed by 128 random bits (base64url), e.g.
 * {@code 3f9c0a1b2c3d4e5fq1Zx...}. The handle leads a reader straight to the user's Redis shard; the random part makes
 * ids unguessable.
 */
public final class SessionId {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{16}[A-Za-z0-9_-]{22}");

    private SessionId() {
    }

    public static String newId(String username) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return RedisLayout.userHandle(username) + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static boolean isWellFormed(String sid) {
        return sid != null && sid.length() == 38 && FORMAT.matcher(sid).matches();
    }

    /** The user handle a well-formed id starts with. */
    public static String userHandle(String sid) {
        return sid.substring(0, 16);
    }
}
