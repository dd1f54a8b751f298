package io.tokenfence.auth.web;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import io.tokenfence.auth.revocation.RevocationReason;
import io.tokenfence.auth.revocation.RevocationService;
import io.tokenfence.auth.token.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administrative force-logout (ban): ends every session of a user. Needs the {@code admin} role. */
@RestController
@RequestMapping("/admin")
class AdminController {

    static final String ADMIN_ROLE = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminController.class);

    private final RevocationService revocations;
    private final BearerTokens bearer;

    AdminController(RevocationService revocations, BearerTokens bearer) {
        this.revocations = revocations;
        this.bearer = bearer;
    }

    @PostMapping("/users/{username}/revoke")
    ResponseEntity<Void> revokeUser(@PathVariable("username") String username, HttpServletRequest request) {
        VerifiedAccessToken caller = bearer.authenticate(request);
        if (!caller.hasRole(ADMIN_ROLE)) {
            throw new AuthException(AuthError.INSUFFICIENT_SCOPE, "The admin role is required");
        }
        if (username.isBlank() || username.length() > 256) {
            throw new AuthException(AuthError.INVALID_REQUEST, "Invalid username");
        }
        revocations.revokeUser(username, RevocationReason.ADMIN_REVOKE);
        log.info("Admin revoke of a user by session {}", caller.sid());
        return ResponseEntity.noContent().build();
    }
}
