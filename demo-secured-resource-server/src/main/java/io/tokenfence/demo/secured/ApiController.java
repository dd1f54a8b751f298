package io.tokenfence.demo.secured;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The same API as the plain demo, reading the caller from Spring Security's {@link Jwt}. */
@RestController
@RequestMapping("/api")
class ApiController {

    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        String sid = jwt.getClaimAsString("sid");
        return Map.of("sub", jwt.getSubject(), "sid", sid == null ? "" : sid, "roles", roles == null ? List.of() : roles);
    }

    @GetMapping("/orders")
    List<Map<String, Object>> orders(@AuthenticationPrincipal Jwt jwt) {
        return List.of(
                Map.of("id", "o-1001", "owner", jwt.getSubject(), "item", "Kafka in Action", "quantity", 1),
                Map.of("id", "o-1002", "owner", jwt.getSubject(), "item", "Redis Essentials", "quantity", 2));
    }
}
