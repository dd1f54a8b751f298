package io.tokenfence.system;

import java.time.Duration;
import java.util.List;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackHttpClient;
import io.tokenfence.system.stack.SystemStack;
import io.tokenfence.testsupport.concurrency.Concurrently;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka down while users log out: every logout is still answered 204 (the revocation waits in the Redis outbox), and
 * once Kafka is back every one of those revocations reaches both resource servers, the plain filter and the Spring
 * Security one, while the sessions nobody ended keep working.
 */
@ExtendWith(SharedSystemStack.class)
class KafkaOutageSystemTest {

    private static final int LOGGING_OUT = 20;
    private static final int STAYING = 5;

    private static SystemStack stack;
    private static List<ServiceProcess> auth;
    private static List<ServiceProcess> resources;

    @BeforeAll
    static void useStack() {
        stack = SharedSystemStack.stack();
        auth = stack.authServices();
        resources = stack.resourceServers();
    }

    private record Login(String user, String accessToken, String refreshToken) {
    }

    @Test
    void logoutsDuringAKafkaOutageAreAnswered204AndReachBothResourceServersOnceKafkaReturns() throws Exception {
        List<Login> logins = Concurrently.run(LOGGING_OUT + STAYING, i -> {
            String user = TestUsers.name(i);
            StackHttpClient.Answer answer = StackHttpClient.login(auth.get(i % 2).url(), user, TestUsers.PASSWORD);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            return new Login(user, answer.field("access_token"), answer.field("refresh_token"));
        });
        List<Login> leaving = logins.subList(0, LOGGING_OUT);
        List<Login> staying = logins.subList(LOGGING_OUT, logins.size());
        for (Login login : logins) {
            assertAcceptedEverywhere(login);
        }

        stack.kafka().kill();
        List<StackHttpClient.Answer> logouts = Concurrently.run(LOGGING_OUT,
                i -> StackHttpClient.logout(auth.get(i % 2).url(), leaving.get(i).accessToken()));
        assertThat(logouts).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(204));
        // The auth service decides synchronously from Redis: an ended session cannot refresh, Kafka or not.
        for (Login login : leaving) {
            assertThat(StackHttpClient.refresh(auth.get(1).url(), login.refreshToken()).status()).isEqualTo(401);
        }

        stack.kafka().start();

        // The outbox relay delivers on its retry schedule; each resource server's consumer reconnects on its own.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Login login : leaving) {
                for (ServiceProcess resource : resources) {
                    assertThat(StackHttpClient.me(resource.url(), login.accessToken()))
                            .as("%s's revoked token on %s", login.user(), resource.name()).isEqualTo(401);
                }
            }
        });
        for (Login login : staying) {
            assertAcceptedEverywhere(login);
            StackHttpClient.Answer refreshed = StackHttpClient.refresh(auth.get(0).url(), login.refreshToken());
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            for (ServiceProcess resource : resources) {
                assertThat(StackHttpClient.me(resource.url(), refreshed.field("access_token"))).isEqualTo(200);
            }
        }
    }

    private static void assertAcceptedEverywhere(Login login) {
        for (ServiceProcess resource : resources) {
            assertThat(StackHttpClient.me(resource.url(), login.accessToken()))
                    .as("%s's live token on %s", login.user(), resource.name()).isEqualTo(200);
        }
    }
}
