package io.tokenfence.system;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Extra users for system tests that need many distinct users (one session family each), given to every auth-service
 * instance on its command line. They replace the dev-users profile's list, so alice and admin are kept in it.
 */
final class TestUsers {

    static final String PASSWORD = "alice-password";
    /** bcrypt of {@link #PASSWORD}, the dev profile's hash for alice. */
    private static final String PASSWORD_HASH = "{bcrypt}$2a$10$Zpdl8T0h8DdLU8yUmvre8etyx8pHZAbjQEYLtOgIxut.Cg2y1F6lm";

    private TestUsers() {
    }

    static String name(int index) {
        return "user-%02d".formatted(index);
    }

    static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(TestUsers::name).toList();
    }

    /** Command-line arguments defining alice plus {@code count} users named {@code user-00...}, all role user. */
    static List<String> authArguments(int count) {
        List<String> arguments = new ArrayList<>(user(0, "alice"));
        for (int i = 0; i < count; i++) {
            arguments.addAll(user(i + 1, name(i)));
        }
        return arguments;
    }

    private static List<String> user(int index, String username) {
        String prefix = "--tokenfence.auth.users[" + index + "].";
        return List.of(prefix + "username=" + username, prefix + "password-hash=" + PASSWORD_HASH,
                prefix + "roles=user");
    }
}
