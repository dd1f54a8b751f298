package io.tokenfence.auth;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import io.tokenfence.testsupport.concurrency.Concurrently;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Two auth-service instances on one Redis behave as one service. */
class MultiInstanceTest extends AuthServiceTestBase {

    private ConfigurableApplicationContext second;
    private AuthClient b;

    @BeforeEach
    void startSecondInstance() {
        second = new SpringApplicationBuilder(AuthServiceApplication.class).profiles("dev-users").run(
                "--server.port=0",
                "--spring.data.redis.host=" + RealServicesExtension.redis().host(),
                "--spring.data.redis.port=" + RealServicesExtension.redis().port(),
                "--spring.kafka.bootstrap-servers=" + RealServicesExtension.kafka(),
                "--tokenfence.auth.revocations.topic=" + RealServicesExtension.kafkaTopic(),
                "--tokenfence.auth.rate-limits.enabled=false");
        b = new AuthClient(((WebServerApplicationContext) second).getWebServer().getPort());
    }

    @AfterEach
    void stopSecondInstance() {
        second.close();
    }

    @Test
    void bothInstancesPublishTheSameKeysAndAcceptEachOthersTokens() {
        api.loginOk("alice", "alice-password"); // the first key is created once, by whichever instance comes first

        assertThat(b.get("/.well-known/jwks.json", null).body()).isEqualTo(api.get("/.well-known/jwks.json", null).body());
        Tokens fromB = b.loginOk("alice", "alice-password");
        assertThat(api.get("/auth/sessions", fromB.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void loginOnOneInstanceRefreshOnTheOtherAndLogoutAnywhere() {
        Tokens login = api.loginOk("alice", "alice-password");

        ApiResponse refreshed = b.refresh(login.refreshToken());
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(api.refresh(refreshed.text("refresh_token")).status()).isEqualTo(200);

        assertThat(b.post("/auth/logout", refreshed.text("access_token")).status()).isEqualTo(204);
        assertThat(api.get("/auth/sessions", refreshed.text("access_token")).status()).isEqualTo(401);
    }

    @Test
    void concurrentRefreshesSplitAcrossInstancesRotateOnceWithIdenticalAnswers() throws Exception {
        Tokens login = api.loginOk("alice", "alice-password");
        double rotatedBefore = rotated(meters) + rotated(second.getBean(MeterRegistry.class));
        AtomicInteger turn = new AtomicInteger();

        List<ApiResponse> answers = Concurrently.run(20,
                () -> (turn.getAndIncrement() % 2 == 0 ? api : b).refresh(login.refreshToken()));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        Set<String> bodies = answers.stream().map(ApiResponse::body).collect(Collectors.toSet());
        assertThat(bodies).hasSize(1);
        assertThat(rotated(meters) + rotated(second.getBean(MeterRegistry.class)) - rotatedBefore).isEqualTo(1.0);
    }

    private static double rotated(MeterRegistry registry) {
        return registry.find("tokenfence.refresh").tag("outcome", "rotated").counter().count();
    }
}
