package io.tokenfence.filter.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.events.RevocationEventCodec;
import io.tokenfence.filter.verify.TokenVerifier;
import io.tokenfence.filter.verify.VerifierFixtures;
import io.tokenfence.filter.web.TokenFenceFilter;
import io.tokenfence.testsupport.junit.RealServices;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Security resource server that adds resource-filter-lib and nothing else (Boot's default security chain,
 * no TokenFence code of its own): revocations from the topic reach it, and rejections are Spring Security's RFC 6750
 * answers.
 */
@RealServices
@SpringBootTest(classes = SpringSecurityResourceServerTest.SecuredApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringSecurityResourceServerTest {

    private static VerifierFixtures issuer;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        issuer = VerifierFixtures.start();
        registry.add("tokenfence.filter.issuer", () -> VerifierFixtures.ISSUER);
        registry.add("tokenfence.filter.jwks-uri", () -> issuer.jwksUri().toString());
        registry.add("tokenfence.filter.topic", RealServicesExtension::kafkaTopic);
        registry.add("spring.kafka.bootstrap-servers", RealServicesExtension::kafka);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @Test
    void theDecoderIsTokenFencesAndThePlainFilterStaysOut() {
        assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(TokenFenceJwtDecoder.class);
        assertThat(context.getBeanNamesForType(TokenFenceFilter.class)).isEmpty();
    }

    @Test
    void aValidTokenReachesTheControllerAsASpringSecurityJwtAndIsThenRejectedOnceRevoked() throws Exception {
        String token = issuer.validToken();
        HttpResponse<String> accepted = get(token);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("alice session-1 user");
        assertThat(context.getBean(TokenVerifier.class).cachedTokens()).isPositive();

        Instant now = Instant.now().plusSeconds(1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServicesExtension.kafka()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(RealServicesExtension.kafkaTopic(), "alice",
                    new RevocationEventCodec().encode(RevocationEvent.session("alice", "session-1",
                            RevocationEvent.Reason.LOGOUT, now, now.plusSeconds(600))))).get();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> get(token).statusCode() == 401);
        HttpResponse<String> rejected = get(token);
        assertThat(rejected.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"").contains("revoked").doesNotContain(token);
    }

    @Test
    void aForgedTokenIsRejectedWithAnRfc6750Challenge() throws Exception {
        String token = issuer.validToken();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(
                token.lastIndexOf('.') + 5);

        HttpResponse<String> answer = get(forged);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    private HttpResponse<String> get(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SecuredApplication {

        @RestController
        static class MeController {
            @GetMapping("/api/me")
            String me(@AuthenticationPrincipal Jwt jwt) {
                return jwt.getSubject() + " " + jwt.getClaimAsString("sid") + " "
                        + String.join(",", jwt.getClaimAsStringList("roles"));
            }
        }
    }
}
