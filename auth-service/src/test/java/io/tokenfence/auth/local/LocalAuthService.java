package io.tokenfence.auth.local;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tokenfence.auth.AuthServiceApplication;
import io.tokenfence.testsupport.redis.LocalRedisServer;
import io.tokenfence.testsupport.redis.RedisExecutables;
import org.springframework.boot.SpringApplication;

/**
 * The README's run command: auth-service on port 8080 with the dev users, backed by a Redis it starts itself on its own
 * port (6380 by default; {@code -Dtokenfence.local.redis-port}), from PATH or else the binary shipped in the
 * embedded-redis artifact. It never uses a Redis that was already running.
 */
public final class LocalAuthService {

    private LocalAuthService() {
    }

    public static void main(String[] args) {
        int redisPort = Integer.getInteger("tokenfence.local.redis-port", 6380);
        Optional<File> onPath = RedisExecutables.onPath();
        File executable = onPath.orElseGet(RedisExecutables::shippedInJar);
        LocalRedisServer redis = LocalRedisServer.start(executable,
                onPath.isPresent() ? "from PATH" : "shipped in embedded-redis", LocalRedisServer.Options.onPort(redisPort));
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "local-redis-stop"));
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=dev-users",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort));
        arguments.addAll(List.of(args));
        SpringApplication.run(AuthServiceApplication.class, arguments.toArray(String[]::new));
        System.out.println("""

                TokenFence auth-service is up on http://localhost:8080 (Redis: %s)
                  curl -s -X POST localhost:8080/auth/login -H 'Content-Type: application/json' \\
                       -d '{"username":"alice","password":"alice-password"}'
                Dev users: alice/alice-password (user), admin/admin-password (admin). Ctrl-C stops everything.
                """.formatted(redis.description()));
    }
}
