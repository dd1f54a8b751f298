package io.tokenfence.auth.rotation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

import io.tokenfence.auth.crypto.Sealer;
import io.tokenfence.auth.token.TokenPair;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals the answer of a rotation under a key derived from the rotated-out refresh token, so concurrent refreshes with
 * that token can be given the identical answer, while Redis holds nothing usable without the token.
 */
final class ReplayCipher {

    private static final String PURPOSE = "tokenfence refresh replay v1";
    private final JsonMapper json = JsonMapper.builder().build();

    String seal(RefreshToken presented, long generation, TokenPair answer) {
        byte[] plaintext = json.writeValueAsBytes(answer);
        return Sealer.derive(presented.secretBytes(), PURPOSE).seal(plaintext, aad(presented, generation));
    }

    Optional<TokenPair> open(RefreshToken presented, long generation, String sealed) {
        if (sealed == null) {
            return Optional.empty();
        }
        try {
            byte[] plaintext = Sealer.derive(presented.secretBytes(), PURPOSE).open(sealed, aad(presented, generation));
            return Optional.of(json.readValue(new String(plaintext, StandardCharsets.UTF_8), TokenPair.class));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static String aad(RefreshToken token, long generation) {
        return token.sid() + ":" + generation;
    }
}
