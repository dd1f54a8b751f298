package io.tokenfence.system.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The README's run command: Redis, Kafka, two auth-service instances and two demo resource servers on loopback, with
 * the dev users. Ctrl-C or SIGTERM stops everything.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        StackPorts ports = StackPorts.fromSystemProperties();
        Path workDir = SystemStack.projectRoot().resolve("system-tests/target/local-stack");
        SystemStack stack = new SystemStack(ports, workDir, false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the TokenFence local stack...");
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));
        // Maven runs the stack in a forked JVM and does not pass SIGTERM on: when Maven goes, the stack goes too.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        System.out.println("Starting Redis :" + ports.redisPort() + ", Kafka :" + ports.kafkaPort()
                + ", auth-service " + ports.authPorts() + ", resource servers " + ports.resourcePorts()
                + " (logs in " + workDir + ")");
        stack.start();
        int authA = ports.authPorts().get(0);
        int authB = ports.authPorts().get(ports.authPorts().size() - 1);
        int rsA = ports.resourcePorts().get(0);
        int rsB = ports.resourcePorts().get(ports.resourcePorts().size() - 1);
        System.out.printf("""

                TokenFence local stack is READY
                  auth-service:      http://localhost:%1$d  http://localhost:%2$d
                  resource servers:  http://localhost:%3$d/api/me  http://localhost:%4$d/api/me
                  metrics:           http://localhost:%1$d/actuator/prometheus  http://localhost:%3$d/actuator/prometheus
                Dev users (development only): alice/alice-password (user), admin/admin-password (admin)

                Walkthrough (or run deploy/demo.sh):
                  TOKENS=$(curl -s -X POST localhost:%1$d/auth/login -H 'Content-Type: application/json' \\
                           -d '{"username":"alice","password":"alice-password"}')
                  AT=$(echo "$TOKENS" | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
                  curl -s localhost:%3$d/api/me -H "Authorization: Bearer $AT"
                  curl -s -X POST localhost:%2$d/auth/logout -H "Authorization: Bearer $AT"
                  curl -s -i localhost:%4$d/api/me -H "Authorization: Bearer $AT"   # 401 within milliseconds
                Ctrl-C stops everything.
                """, authA, authB, rsA, rsB);
        stopped.await();
    }
}
