package io.tokenfence.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackHttpClient;
import io.tokenfence.system.stack.SystemStack;
import io.tokenfence.testsupport.redis.RedisCommands;
import io.tokenfence.testsupport.redis.RedisEndpoint;
import io.tokenfence.testsupport.concurrency.Concurrently;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded mixed traffic (login, refresh, logout by access or refresh token, API calls) across both auth instances and
 * both resource servers, then the invariants that must hold after any amount of it: no revoked token accepted, no live
 * session rejected, no error answer, Redis holding no more than the live sessions need, and no heap growth.
 *
 * <p>Defaults to 90 seconds and 8 users; {@code -Dtokenfence.soak.duration=PT30M -Dtokenfence.soak.users=40} runs the
 * real soak. Each user is one client thread holding at most one session at a time, and goes flat out.
 */
@ExtendWith(SharedSystemStack.class)
class SoakSystemTest {

    private static final Logger log = LoggerFactory.getLogger(SoakSystemTest.class);
    private static final Duration DURATION = Duration.parse(System.getProperty("tokenfence.soak.duration", "PT90S"));
    private static final int USERS = Integer.getInteger("tokenfence.soak.users", 8);
    private static final Pattern HEAP_USED =
            Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

    private static SystemStack stack;
    private static List<ServiceProcess> auth;
    private static List<ServiceProcess> resources;

    @BeforeAll
    static void useStack() {
        stack = SharedSystemStack.stack();
        auth = stack.authServices();
        resources = stack.resourceServers();
    }

    /** What one user holds: the current session's tokens, or none. */
    private static final class User {
        final String name;
        String accessToken;
        String refreshToken;
        /** Every access token of the current session that has not expired: all die with it on logout. */
        final List<String> sessionAccessTokens = new ArrayList<>();

        User(String name) {
            this.name = name;
        }
    }

    @Test
    void mixedTrafficLeavesNoRevokedTokenAcceptedNoLiveSessionRejectedAndNothingGrowing() throws Exception {
        RedisEndpoint redis = new RedisEndpoint("127.0.0.1", stack.ports().redisPort());
        List<String> errors = new CopyOnWriteArrayList<>();
        List<String> revoked = new CopyOnWriteArrayList<>();
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        // Its own users, apart from those other classes sharing the stack use; their sessions are the baseline.
        List<User> users = TestUsers.names(SharedSystemStack.USERS).stream().skip(SharedSystemStack.USERS - USERS)
                .map(User::new).toList();
        long sessionsBefore = storedSessions(redis);
        int indexesBefore = RedisCommands.keys(redis, "tokenfence:user-sessions:*").size();

        // Warm-up: a tenth of the run (at least 10 s) so class loading, JIT and pools settle before the heap baseline.
        Duration warmUp = DURATION.dividedBy(10).compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10)
                : DURATION.dividedBy(10);
        drive(users, Instant.now().plus(warmUp), errors, revoked, counts);
        Map<String, Long> heapAtStart = heapAfterGc();

        drive(users, Instant.now().plus(DURATION), errors, revoked, counts);

        assertThat(errors).as("answers other than the expected ones (of %s)", counts).isEmpty();
        assertThat(counts.get("logout")).as("the mix really revoked sessions").isNotNull();

        // 1. No revoked token accepted, once the revocations have propagated.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> accepted = Concurrently.run(4, part -> {
                List<String> found = new ArrayList<>();
                for (int i = part; i < revoked.size(); i += 4) {
                    for (ServiceProcess resource : resources) {
                        if (StackHttpClient.me(resource.url(), revoked.get(i)) != 401) {
                            found.add(resource.name() + " accepted revoked token #" + i);
                        }
                    }
                }
                return found;
            }).stream().flatMap(List::stream).toList();
            assertThat(accepted).isEmpty();
        });

        // 2. No live session rejected: each one's latest tokens still work everywhere.
        List<User> live = users.stream().filter(user -> user.refreshToken != null).toList();
        for (User user : live) {
            for (ServiceProcess resource : resources) {
                assertThat(StackHttpClient.me(resource.url(), user.accessToken)).as(user.name).isEqualTo(200);
            }
            assertThat(StackHttpClient.refresh(auth.get(0).url(), user.refreshToken).status()).as(user.name)
                    .isEqualTo(200);
        }

        // 3. Redis holds what the live sessions need and no more (layout in auth-service's RedisLayout).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertRedisBoundedBy(redis, sessionsBefore + live.size(), indexesBefore + live.size()));

        // 4. Heap after a full GC did not grow with the traffic.
        Map<String, Long> heapAtEnd = heapAfterGc();
        log.info("Soak of {} with {} users: {} requests {}, {} revoked tokens checked; heap after GC {} -> {}",
                DURATION, USERS, counts.values().stream().mapToLong(AtomicLong::get).sum(), counts, revoked.size(),
                heapAtStart, heapAtEnd);
        for (Map.Entry<String, Long> start : heapAtStart.entrySet()) {
            long end = heapAtEnd.get(start.getKey());
            // After a full collection used heap is the live set. Legitimate growth after warm-up is bounded and small:
            // blacklist entries until their forget-after (a few hundred bytes per revocation), size-bounded caches
            // filling, pools reaching their size. A per-request leak at even 1 KB would exceed this bound within
            // minutes of this traffic, so the 30-minute soak catches one; the 90-second default is a smoke check.
            long tolerance = Math.max(16L << 20, start.getValue() / 4);
            assertThat(end - start.getValue()).as("%s heap growth after GC (start %d B, end %d B)", start.getKey(),
                    start.getValue(), end).isLessThanOrEqualTo(tolerance);
        }
    }

    private static void drive(List<User> users, Instant until, List<String> errors, List<String> revoked,
                              Map<String, AtomicLong> counts) throws Exception {
        Concurrently.run(users.size(), i -> {
            User user = users.get(i);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (Instant.now().isBefore(until)) {
                ServiceProcess authService = auth.get(random.nextInt(auth.size()));
                ServiceProcess resource = resources.get(random.nextInt(resources.size()));
                int dice = random.nextInt(100);
                if (user.refreshToken == null) {
                    StackHttpClient.Answer answer = StackHttpClient.login(authService.url(), user.name,
                            TestUsers.PASSWORD);
                    if (expect("login", answer.status(), 200, authService, errors, counts)) {
                        user.accessToken = answer.field("access_token");
                        user.refreshToken = answer.field("refresh_token");
                        user.sessionAccessTokens.add(user.accessToken);
                    }
                } else if (dice < 60) {
                    StackHttpClient.Answer answer = StackHttpClient.meAnswer(resource.url(), user.accessToken);
                    if (!expect("api", answer.status(), 200, resource, errors, counts)) {
                        errors.add("  at " + Instant.now() + ": " + answer.body() + " for "
                                + JwtPayload.decoded(user.accessToken));
                    }
                } else if (dice < 90) {
                    StackHttpClient.Answer answer = StackHttpClient.refresh(authService.url(), user.refreshToken);
                    if (expect("refresh", answer.status(), 200, authService, errors, counts)) {
                        user.accessToken = answer.field("access_token");
                        user.refreshToken = answer.field("refresh_token");
                        user.sessionAccessTokens.add(user.accessToken);
                    }
                } else {
                    StackHttpClient.Answer answer = dice % 2 == 0
                            ? StackHttpClient.logout(authService.url(), user.accessToken)
                            : StackHttpClient.logoutWithRefreshToken(authService.url(), user.refreshToken);
                    if (expect("logout", answer.status(), 204, authService, errors, counts)) {
                        revoked.addAll(user.sessionAccessTokens);
                        user.sessionAccessTokens.clear();
                        user.accessToken = null;
                        user.refreshToken = null;
                    }
                }
            }
            return null;
        });
    }

    private static boolean expect(String operation, int status, int expected, ServiceProcess service,
                                  List<String> errors, Map<String, AtomicLong> counts) {
        counts.computeIfAbsent(operation, key -> new AtomicLong()).incrementAndGet();
        if (status != expected) {
            errors.add(operation + " on " + service.name() + " answered " + status);
            return false;
        }
        return true;
    }

    private static long storedSessions(RedisEndpoint redis) {
        long sessions = 0;
        for (String shard : RedisCommands.keys(redis, "tokenfence:sessions:*")) {
            sessions += (Long) RedisCommands.call(redis, Duration.ofSeconds(5), "HLEN", shard);
        }
        return sessions;
    }

    private static void assertRedisBoundedBy(RedisEndpoint redis, long liveSessions, int maxIndexes) {
        assertThat(storedSessions(redis)).as("sessions stored").isEqualTo(liveSessions);
        List<String> indexes = RedisCommands.keys(redis, "tokenfence:user-sessions:*");
        assertThat(indexes).as("per-user session indexes").hasSizeLessThanOrEqualTo(maxIndexes);
        assertThat(RedisCommands.keys(redis, "tokenfence:lock:*")).as("rotation locks at rest").isEmpty();
        assertThat(RedisCommands.keys(redis, "tokenfence:outbox:{outbox}:events")).as("undelivered revocations")
                .isEmpty();
        // Everything else is per shard (the map and Redisson's expiry bookkeeping for it, at most 64 each) or global
        // (the key ring): a fixed amount, whatever the traffic.
        List<String> all = RedisCommands.keys(redis, "*");
        Map<String, Integer> families = new LinkedHashMap<>();
        for (String key : all) {
            families.merge(family(key), 1, Integer::sum);
        }
        assertThat(families.keySet()).as("key families in %s", families).allMatch(family -> !family.equals("unknown"));
        assertThat(all).as("all keys: %s", families).hasSizeLessThanOrEqualTo(4 * 64 + indexes.size() + 8);
    }

    private static String family(String key) {
        if (key.startsWith("tokenfence:sessions:{s:")) {
            return "session shard";
        }
        if (key.startsWith("tokenfence:user-sessions:{s:")) {
            return "user index";
        }
        if (key.startsWith("redisson__") && key.contains("tokenfence:sessions:{s:")) {
            return "shard expiry bookkeeping";
        }
        if (key.startsWith("tokenfence:keys")) {
            return "key ring";
        }
        if (key.startsWith("tokenfence:outbox:{outbox}:")) {
            return "outbox";
        }
        return "unknown";
    }

    /** Sum of the heap pools' used bytes of each service, right after a full GC requested with jcmd. */
    private static Map<String, Long> heapAfterGc() throws IOException, InterruptedException {
        Map<String, Long> heap = new LinkedHashMap<>();
        List<ServiceProcess> services = new ArrayList<>(auth);
        services.addAll(resources);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (ServiceProcess service : services) {
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(service.pid()), "GC.run")
                    .redirectErrorStream(true).start();
            String output = new String(gc.getInputStream().readAllBytes());
            assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(gc.exitValue()).as("jcmd GC.run on %s: %s", service.name(), output).isZero();
            StackHttpClient.Answer metrics = StackHttpClient.get(service.url() + "/actuator/prometheus");
            assertThat(metrics.status()).isEqualTo(200);
            Matcher used = HEAP_USED.matcher(metrics.body());
            long sum = 0;
            while (used.find()) {
                sum += (long) Double.parseDouble(used.group(1));
            }
            assertThat(sum).as("heap pools of %s", service.name()).isPositive();
            heap.put(service.name(), sum);
        }
        return heap;
    }
}
