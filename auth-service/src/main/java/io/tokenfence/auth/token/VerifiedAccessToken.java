package io.tokenfence.auth.token;

import java.time.Instant;
import java.util.List;

/** The claims of an access token whose signature, issuer, audience and lifetime were checked. */
public record VerifiedAccessToken(String subject, String sid, String jti, Instant issuedAt, Instant expiresAt,
                                  List<String> roles) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
