package io.tokenfence.system;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tokenfence.system.stack.StackHttpClient;

/** A JWT's payload, read without verifying the signature: the services verify, the tests only look. */
final class JwtPayload {

    private JwtPayload() {
    }

    /** A string claim, e.g. {@code sid}. */
    static String claim(String jwt, String name) {
        // The payload is flat JSON like the services' answers, so the same field lookup (and its failure message) fits.
        return new StackHttpClient.Answer(200, decoded(jwt)).field(name);
    }

    /** The decoded payload, for failure messages. */
    static String decoded(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
