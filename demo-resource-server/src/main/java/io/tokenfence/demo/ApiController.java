package io.tokenfence.demo;

import java.util.List;
import java.util.Map;

import io.tokenfence.filter.verify.VerifiedToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Step 3 of "protect your service": take the verified token as a parameter. The filter has already rejected missing,
 * forged, expired and revoked tokens before a request gets here.
 */
@RestController
@RequestMapping("/api")
class ApiController {

    /** Who the caller is, straight from the verified access token. */
    @GetMapping("/me")
    Map<String, Object> me(VerifiedToken token) {
        return Map.of("sub", token.sub(), "sid", token.sid() == null ? "" : token.sid(), "roles", token.roles());
    }

    /** Stands for any protected business endpoint. */
    @GetMapping("/orders")
    List<Map<String, Object>> orders(VerifiedToken token) {
        return List.of(
                Map.of("id", "o-1001", "owner", token.sub(), "item", "Kafka in Action", "quantity", 1),
                Map.of("id", "o-1002", "owner", token.sub(), "item", "Redis Essentials", "quantity", 2));
    }
}
