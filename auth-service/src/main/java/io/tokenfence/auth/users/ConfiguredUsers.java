package io.tokenfence.auth.users;

import java.util.List;

import io.tokenfence.auth.config.AuthProperties;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The built-in user source: {@code tokenfence.auth.users}, with encoded passwords only. */
public final class ConfiguredUsers {

    private ConfiguredUsers() {
    }

    public static InMemoryUserDetailsManager from(List<AuthProperties.User> users) {
        List<UserDetails> details = users.stream()
                .map(user -> User.withUsername(user.username())
                        .password(user.passwordHash())
                        .roles(user.roles().toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(details);
    }
}
