package io.tokenfence.observability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tokenfence.system.stack.StackHttpClient.Answer;
import io.tokenfence.testsupport.concurrency.Concurrently;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.tokenfence.system.stack.StackHttpClient.login;
import static io.tokenfence.system.stack.StackHttpClient.logout;
import static io.tokenfence.system.stack.StackHttpClient.me;
import static io.tokenfence.system.stack.StackHttpClient.refresh;
import static io.tokenfence.system.stack.StackHttpClient.revokeUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scripted session of traffic that touches every outcome the dashboards chart: logins (one failed), rotations,
 * grace replays, a 20-way concurrent refresh, a refresh-token reuse, logouts, an admin revoke, and resource-server
 * calls with valid, revoked, garbage and missing tokens on both resource servers; then some seconds of paced traffic.
 */
final class Workload {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int STEADY_ROUNDS = 20;

    private final List<String> auth;
    private final List<String> resources;

    Workload(List<String> authUrls, List<String> resourceUrls) {
        this.auth = List.copyOf(authUrls);
        this.resources = List.copyOf(resourceUrls);
    }

    void run() throws Exception {
        String authA = auth.get(0);
        String authB = auth.get(1);

        // Logins, one of them failed.
        JsonNode alice = ok(login(authA, "alice", "alice-password"));
        assertThat(login(authB, "alice", "not-the-password").status()).isEqualTo(401);
        JsonNode admin = ok(login(authB, "admin", "admin-password"));

        // A rotation, then the same token again inside the grace window: the same new pair (grace replay).
        String firstRefresh = alice.get("refresh_token").asString();
        ok(refresh(authB, firstRefresh));
        ok(refresh(authA, firstRefresh));

        // Twenty clients racing on one refresh token, across both auth instances.
        String raced = ok(login(authA, "alice", "alice-password")).get("refresh_token").asString();
        List<Answer> race = Concurrently.run(20, i -> refresh(auth.get(i % 2), raced));
        assertThat(race).anySatisfy(answer -> assertThat(answer.status()).isEqualTo(200));

        // Past the grace window the rotated-out token is a reuse: the session is revoked.
        await("refresh-token reuse detected").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> refresh(authA, firstRefresh).status() == 401);

        // Valid, garbage and missing tokens on both resource servers, then a logout seen by both.
        String access = ok(login(authB, "alice", "alice-password")).get("access_token").asString();
        for (String resource : resources) {
            assertThat(me(resource, access)).isEqualTo(200);
            assertThat(me(resource, "not.a.jwt")).isEqualTo(401);
            assertThat(me(resource, null)).isEqualTo(401);
        }
        assertThat(logout(authA, access).status()).isEqualTo(204);
        awaitRejectedEverywhere(access);

        // An admin ends every session of a user.
        String beforeBan = ok(login(authA, "alice", "alice-password")).get("access_token").asString();
        String adminAccess = admin.get("access_token").asString();
        assertThat(revokeUser(authB, adminAccess, "alice").status()).isEqualTo(204);
        awaitRejectedEverywhere(beforeBan);

        steadyTraffic(adminAccess);
    }

    /**
     * Traffic paced at one round a second for {@link #STEADY_ROUNDS} seconds, its volume rising and falling, so
     * every rate has a shape over several scrapes: requests on both resource servers, a refresh chain, and every few
     * seconds a login, a logout, the logged-out token tried again, and a failed login.
     */
    private void steadyTraffic(String adminAccess) {
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Steady steady = new Steady(adminAccess,
                ok(login(auth.get(1), "admin", "admin-password")).get("refresh_token").asString());
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            pacer.scheduleAtFixedRate(() -> {
                try {
                    steady.round(rounds.get());
                    rounds.incrementAndGet();
                } catch (RuntimeException e) {
                    failure.set(e); // a periodic task that throws is silently never run again
                }
            }, 0, 1, TimeUnit.SECONDS);
            await("steady traffic").atMost(Duration.ofSeconds(STEADY_ROUNDS * 3L))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("steady traffic failed", () -> {
                        if (failure.get() != null) {
                            throw failure.get();
                        }
                    })
                    .until(() -> rounds.get() >= STEADY_ROUNDS);
        } finally {
            pacer.shutdownNow();
        }
    }

    /** One second of the steady phase; statuses are not asserted here, the scripted part above does that. */
    private final class Steady {
        private final String adminAccess;
        private String refreshToken;
        private String loggedOut;

        Steady(String adminAccess, String refreshToken) {
            this.adminAccess = adminAccess;
            this.refreshToken = refreshToken;
        }

        void round(int round) {
            int calls = 2 + (int) Math.round(4 * (1 + Math.sin(round / 3.0)));
            for (int i = 0; i < calls; i++) {
                me(resources.get(i % resources.size()), adminAccess);
            }
            Answer rotated = refresh(auth.get(round % auth.size()), refreshToken);
            if (rotated.status() == 200) {
                refreshToken = JSON.readTree(rotated.body()).get("refresh_token").asString();
            }
            if (loggedOut != null) {
                resources.forEach(resource -> me(resource, loggedOut));
            }
            if (round % 4 == 0) {
                Answer login = login(auth.get(round % auth.size()), "alice", "alice-password");
                if (login.status() == 200) {
                    String access = JSON.readTree(login.body()).get("access_token").asString();
                    me(resources.get(0), access);
                    logout(auth.get((round + 1) % auth.size()), access);
                    loggedOut = access;
                }
            }
            if (round % 6 == 3) {
                login(auth.get(0), "alice", "wrong-password");
            }
        }
    }

    private void awaitRejectedEverywhere(String accessToken) {
        await("revocation reached every resource server").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> resources.stream().allMatch(resource -> me(resource, accessToken) == 401));
    }

    private static JsonNode ok(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
