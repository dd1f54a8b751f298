package io.tokenfence.system;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tokenfence.system.stack.StackPorts;
import io.tokenfence.system.stack.SystemStack;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One system stack for every system test class of a run: starting two auth instances, two resource servers, Kafka and
 * Redis costs more than most tests, so they are started once and closed when the run ends. Before each class whatever
 * an earlier class stopped or killed is brought back and every service is ready again, so classes do not depend on
 * each other's order. Classes that need a clean slate (the soak's Redis key counts) measure relative to a baseline.
 *
 * <p>One configuration serves every class: Redis with AOF (the Redis fault test restarts it), rate limits off (the
 * crash and soak tests refresh one session many times a second from one address; 429 is not what they test), a short
 * rotation-lock lease inside a longer lock wait (the crash test waits out a dead instance's lock), and
 * {@link TestUsers} for tests that need many users.
 */
final class SharedSystemStack implements BeforeAllCallback {

    /** Short, so a dead instance's lock runs out quickly; shorter than the wait, so a survivor waits it out. */
    static final Duration LOCK_LEASE = Duration.ofSeconds(2);
    static final Duration LOCK_WAIT = Duration.ofSeconds(6);
    /** 32 for the tests that need many users, then the soak's own (see SoakSystemTest). */
    static final int USERS = 32 + Integer.getInteger("tokenfence.soak.users", 8);

    private static SystemStack stack;

    /** The running stack; only valid in a class extended with this extension. */
    static SystemStack stack() {
        if (stack == null) {
            throw new IllegalStateException("Extend the test class with SharedSystemStack");
        }
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        Running running = store.computeIfAbsent(Running.class, key -> Running.start(), Running.class);
        stack = running.stack;
        stack.restore();
    }

    /** Closed by JUnit when the whole run ends. */
    private record Running(SystemStack stack) implements AutoCloseable {

        static Running start() {
            List<String> arguments = new ArrayList<>(TestUsers.authArguments(USERS));
            arguments.addAll(List.of(
                    "--tokenfence.auth.rate-limits.enabled=false",
                    "--tokenfence.auth.refresh.lock-lease=" + LOCK_LEASE.toMillis() + "ms",
                    "--tokenfence.auth.refresh.lock-wait=" + LOCK_WAIT.toMillis() + "ms",
                    // The crash test catches an instance holding a session's rotation lock. With the default
                    // (on-contention) only refreshes that lose a race take it, and that test's clients never race;
                    // auth-service's own tests run every rotation rule in both modes.
                    "--tokenfence.auth.refresh.locking=always",
                    // A client retries right after a crash, but this may run on a busy machine: the window only has
                    // to outlast that retry.
                    "--tokenfence.auth.refresh.grace-window=30s"));
            try {
                return new Running(new SystemStack(StackPorts.free(2, 2),
                        Files.createTempDirectory("tokenfence-system-"), true)
                        .withExtraAuthArguments(arguments).start());
            } catch (Exception e) {
                throw new IllegalStateException("The system stack did not start: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
