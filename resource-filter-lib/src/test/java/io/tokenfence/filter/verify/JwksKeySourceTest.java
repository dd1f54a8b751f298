package io.tokenfence.filter.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tokenfence.filter.verify.PublicKeySource.PublishedKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwksKeySourceTest {

    private TestIssuer issuer;

    @BeforeEach
    void setUp() throws Exception {
        issuer = new TestIssuer();
    }

    @AfterEach
    void tearDown() {
        CountDownLatch gate = issuer.jwksGate;
        if (gate != null) {
            gate.countDown();
        }
        issuer.close();
    }

    @Test
    void requestsForANewKidArrivingDuringTheFetchWaitForItInsteadOfBeingRefusedByTheRateLimit() throws Exception {
        TokenVerifierAttackTest.MovableClock clock = new TokenVerifierAttackTest.MovableClock();
        JwksKeySource keys = keySource(Duration.ofMinutes(1), clock);
        assertThat(keys.find("kid-1")).isNotNull();
        clock.advance(Duration.ofMinutes(2));
        String rotated = issuer.addKey();
        issuer.jwksGate = new CountDownLatch(1);

        CompletableFuture<PublishedKey> first = CompletableFuture.supplyAsync(() -> keys.find(rotated));
        await().atMost(Duration.ofSeconds(10)).until(() -> issuer.jwksFetches.get() == 2);
        CompletableFuture<PublishedKey> second = CompletableFuture.supplyAsync(() -> keys.find(rotated));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
        issuer.jwksGate.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(second.get(10, TimeUnit.SECONDS)).isNotNull().extracting(PublishedKey::kid).isEqualTo(rotated);
        assertThat(issuer.jwksFetches).as("the waiting request reused the in-flight fetch").hasValue(2);
    }

    @Test
    void aKnownKeyWhoseCacheIsStaleIsServedWithoutWaitingForTheRefresh() throws Exception {
        TokenVerifierAttackTest.MovableClock clock = new TokenVerifierAttackTest.MovableClock();
        JwksKeySource keys = keySource(Duration.ofSeconds(10), clock);
        assertThat(keys.find("kid-1")).isNotNull();
        clock.advance(Duration.ofMinutes(6));
        issuer.jwksGate = new CountDownLatch(1);

        CompletableFuture<PublishedKey> refreshing = CompletableFuture.supplyAsync(() -> keys.find("kid-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> issuer.jwksFetches.get() == 2);
        CompletableFuture<PublishedKey> meanwhile = CompletableFuture.supplyAsync(() -> keys.find("kid-1"));

        assertThat(meanwhile.get(2, TimeUnit.SECONDS)).isNotNull();
        assertThat(refreshing).isNotDone();
        issuer.jwksGate.countDown();
        assertThat(refreshing.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void anUnreachableJwksKeepsTheCachedKeysAndIsRetriedOnlyAfterTheInterval() throws Exception {
        TokenVerifierAttackTest.MovableClock clock = new TokenVerifierAttackTest.MovableClock();
        JwksKeySource keys = keySource(Duration.ofSeconds(10), clock);
        assertThat(keys.find("kid-1")).isNotNull();
        issuer.close();
        clock.advance(Duration.ofMinutes(6));

        assertThat(keys.find("kid-1")).as("stale but still published key").isNotNull();
        assertThat(keys.find("kid-unknown")).isNull();
        assertThat(keys.size()).isEqualTo(1);
    }

    private JwksKeySource keySource(Duration minRefetch, TokenVerifierAttackTest.MovableClock clock) {
        return new JwksKeySource(issuer.jwksUri(), TestIssuer.ISSUER, Duration.ofMinutes(5), minRefetch, clock);
    }
}
