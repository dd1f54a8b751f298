package io.tokenfence.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackHttpClient;
import io.tokenfence.system.stack.SystemStack;
import io.tokenfence.testsupport.redis.RedisCommands;
import io.tokenfence.testsupport.redis.RedisEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * An auth instance dies by {@code kill -9} in the middle of refresh traffic, while it holds a session's rotation lock.
 * The other instance then serves every session: the client's latest refresh token (or, when the dead instance had
 * already rotated but never answered, the grace answer) refreshes, the orphaned lock holds its session for no longer
 * than the lock lease, and no answer is a 500, a 503 or a 401.
 */
@ExtendWith(SharedSystemStack.class)
class AuthInstanceCrashSystemTest {

    private static final int SESSIONS = 12;
    private static final Duration LOCK_LEASE = SharedSystemStack.LOCK_LEASE;
    private static final Duration LOCK_WAIT = SharedSystemStack.LOCK_WAIT;
    private static final String LOCK_KEYS = "tokenfence:lock:*";

    private static SystemStack stack;
    private static ServiceProcess authA;
    private static ServiceProcess authB;

    @BeforeAll
    static void useStack() {
        stack = SharedSystemStack.stack();
        authA = stack.authServices().get(0);
        authB = stack.authServices().get(1);
    }

    /** One client session: its latest refresh token and what its refreshes were answered. */
    private static final class Client {
        final String sid;
        volatile String refreshToken;
        volatile String accessToken;
        final AtomicInteger refreshed = new AtomicInteger();
        volatile Instant firstRefreshedAfterCrash;

        Client(StackHttpClient.Answer login) {
            this.refreshToken = login.field("refresh_token");
            this.accessToken = login.field("access_token");
            this.sid = JwtPayload.claim(accessToken, "sid");
        }
    }

    @Test
    void killingAnAuthInstanceThatHoldsASessionLockLeavesEverySessionRefreshableOnTheOther() throws Exception {
        RedisEndpoint redis = new RedisEndpoint("127.0.0.1", stack.ports().redisPort());
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            StackHttpClient.Answer login = StackHttpClient.login((i % 2 == 0 ? authA : authB).url());
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            clients.add(new Client(login));
        }
        // A running system has its resource servers' key caches warm; a cold one would need auth-a's JWKS, which
        // this stack (no load balancer on loopback) serves from auth-a alone.
        for (ServiceProcess resource : stack.resourceServers()) {
            assertThat(StackHttpClient.me(resource.url(), clients.get(0).accessToken)).isEqualTo(200);
        }
        // Readers are requests to B; the test takes the write lock to let B's requests finish and hold new ones.
        ReentrantReadWriteLock trafficToB = new ReentrantReadWriteLock(true);
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        AtomicBoolean aAlive = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(SESSIONS);
        List<Future<?>> running = new ArrayList<>();
        for (Client client : clients) {
            running.add(workers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    boolean toA = i % 2 == 0 && aAlive.get();
                    StackHttpClient.Answer answer;
                    if (toA) {
                        answer = StackHttpClient.refresh(authA.url(), client.refreshToken);
                    } else {
                        trafficToB.readLock().lock();
                        try {
                            answer = StackHttpClient.refresh(authB.url(), client.refreshToken);
                        } finally {
                            trafficToB.readLock().unlock();
                        }
                    }
                    if (answer.status() == 200) {
                        client.refreshToken = answer.field("refresh_token");
                        client.accessToken = answer.field("access_token");
                        if (!aAlive.get() && client.firstRefreshedAfterCrash == null) {
                            client.firstRefreshedAfterCrash = Instant.now();
                        }
                        client.refreshed.incrementAndGet();
                        total.incrementAndGet();
                    } else if (answer.status() == -1 && toA) {
                        // A crashed instance never answers: the client retries the same token elsewhere.
                        unanswered.incrementAndGet();
                    } else {
                        unexpected.add((toA ? "auth-a " : "auth-b ") + answer.status() + " " + answer.body());
                    }
                }
                return null;
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream().allMatch(c -> c.refreshed.get() >= 3));

            // Freeze A mid-traffic, let B finish what it is doing: any lock key left is one A holds. Then kill A.
            String orphanedLock = null;
            for (int attempt = 0; attempt < 30 && orphanedLock == null; attempt++) {
                authA.suspend();
                trafficToB.writeLock().lock();
                List<String> locks = RedisCommands.keys(redis, LOCK_KEYS);
                if (!locks.isEmpty()) {
                    orphanedLock = locks.get(0);
                    long pttl = (Long) RedisCommands.call(redis, Duration.ofSeconds(5), "PTTL", orphanedLock);
                    assertThat(pttl).as("remaining lease of %s", orphanedLock).isBetween(1L, LOCK_LEASE.toMillis());
                    break;
                }
                trafficToB.writeLock().unlock();
                authA.resume();
                int before = total.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> total.get() >= before + SESSIONS / 2);
            }
            if (orphanedLock == null) {
                fail("auth-a never held a session lock when frozen in 30 attempts");
            }
            authA.kill();
            aAlive.set(false);
            Instant killedAt = Instant.now();
            trafficToB.writeLock().unlock();

            String orphanedSid = orphanedLock.substring(orphanedLock.lastIndexOf(':') + 1);
            Client orphaned = clients.stream().filter(c -> c.sid.equals(orphanedSid)).findFirst().orElseThrow();
            Map<Client, Integer> atKill = new ConcurrentHashMap<>();
            clients.forEach(c -> atKill.put(c, c.refreshed.get()));
            // Every session, the orphaned one included, keeps rotating on B.
            await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream()
                    .allMatch(c -> c.refreshed.get() >= atKill.get(c) + 3));
            // B waits out the orphaned lease (at most LOCK_LEASE) inside its lock wait; the rest is one refresh.
            assertThat(Duration.between(killedAt, orphaned.firstRefreshedAfterCrash))
                    .as("time until the session whose lock died with auth-a refreshed again")
                    .isLessThan(LOCK_LEASE.plus(LOCK_WAIT));
        } finally {
            if (trafficToB.isWriteLockedByCurrentThread()) {
                trafficToB.writeLock().unlock();
            }
            stop.set(true);
            workers.shutdown();
            assertThat(workers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> worker : running) {
            worker.get();
        }

        assertThat(unexpected).as("answers other than 200 (or silence from the killed instance)").isEmpty();
        assertThat(RedisCommands.keys(redis, LOCK_KEYS)).as("no lock outlives its lease").isEmpty();
        for (Client client : clients) {
            StackHttpClient.Answer answer = StackHttpClient.refresh(authB.url(), client.refreshToken);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            for (ServiceProcess resource : stack.resourceServers()) {
                assertThat(StackHttpClient.me(resource.url(), answer.field("access_token"))).as(resource.name())
                        .isEqualTo(200);
            }
        }
    }
}
