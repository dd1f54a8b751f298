package io.tokenfence.auth.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import io.tokenfence.filter.events.RevocationEvent;
import io.tokenfence.filter.events.RevocationEventCodec;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's own bearer endpoints consult the resource filter library's blacklist, fed by the revocation topic,
 * like every resource server: a revocation that reaches it only through Kafka (here one published by another party
 * while the session stays live in Redis) closes them to the revoked token.
 */
class BearerRevocationFromTopicTest extends AuthServiceTestBase {

    @Test
    void bearerEndpointsRejectATokenRevokedThroughTheTopicWhileItsSessionIsStillLiveInRedis() throws Exception {
        Tokens login = api.loginOk("alice", "alice-password");
        assertThat(api.get("/auth/sessions", login.accessToken()).status()).isEqualTo(200);

        Instant now = Instant.now();
        RevocationEvent event = RevocationEvent.token(subjectOf(login.accessToken()), jtiOf(login.accessToken()),
                RevocationEvent.Reason.OTHER, now, now.plus(Duration.ofMinutes(10)));
        publish(event);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/auth/sessions", login.accessToken()).status() == 401);
        assertThat(api.get("/auth/sessions", login.accessToken()).text("error")).isEqualTo("invalid_token");
        assertThat(api.post("/auth/logout-all", login.accessToken()).status()).isEqualTo(401);
        // Only that token was revoked: its session still refreshes, and the new access token is accepted.
        ApiResponse refresh = api.refresh(login.refreshToken());
        assertThat(refresh.status()).isEqualTo(200);
        Tokens refreshed = AuthClient.tokens(refresh);
        assertThat(api.get("/auth/sessions", refreshed.accessToken()).status()).isEqualTo(200);
    }

    private static void publish(RevocationEvent event) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServicesExtension.kafka()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(RealServicesExtension.kafkaTopic(), event.key(),
                    new RevocationEventCodec().encode(event))).get();
        }
    }

    private static String subjectOf(String jwt) {
        return claims(jwt).get("sub").toString();
    }

    private static String jtiOf(String jwt) {
        return claims(jwt).get("jti").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonMapper.builder().build().readValue(payload, Map.class);
    }
}
