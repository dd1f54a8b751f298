package io.tokenfence.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md is generated from the configuration metadata the applications ship (javadoc of the
 * properties records, plus additional-spring-configuration-metadata.json). This test fails when the file is out of
 * date; run it with {@code -Dtokenfence.docs.write=true} to rewrite it.
 */
class ConfigurationReferenceTest {

    private static final Path DOCUMENT = Project.file("docs/configuration.md");
    private static final String REGENERATE = "./mvnw -B -pl deploy-tests -am verify -Dtest=ConfigurationReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dtokenfence.docs.write=true";

    /** A setting production must decide, and why. */
    record MustSet(List<String> properties, String why) {
    }

    private static final List<MustSet> PRODUCTION = List.of(
            new MustSet(List.of("tokenfence.auth.issuer", "tokenfence.filter.issuer"),
                    "The public https URL of the auth service, identical on both sides: it is the `iss` of every "
                            + "token and the base of the discovery document. The default only fits a laptop."),
            new MustSet(List.of("tokenfence.auth.audience", "tokenfence.filter.audience"),
                    "Name your API, identically on both sides, so tokens minted for another audience are refused."),
            new MustSet(List.of("tokenfence.auth.keys.encryption-secret"),
                    "With the default key source (`redis`, keys generated, shared and rotated by the replicas), "
                            + "seals the private keys in Redis; take it from a secret store. Without it a copy of "
                            + "Redis yields the signing keys."),
            new MustSet(List.of("tokenfence.auth.keys.source", "tokenfence.auth.keys.private-key-location",
                    "tokenfence.auth.keys.public-key-location", "tokenfence.auth.keys.key-id"),
                    "Only for keys you manage yourself: `static` with PEM files mounted from a secret; every "
                            + "replica must mount the same pair."),
            new MustSet(List.of("tokenfence.filter.jwks-uri"),
                    "When the public issuer URL is not reachable from the resource servers (for example inside a "
                            + "cluster), where they fetch the keys instead."),
            new MustSet(List.of("tokenfence.auth.users"),
                    "The built-in user source, with encoded passwords only; or define a `UserDetailsService` bean. "
                            + "Never activate the `dev-users` profile."),
            new MustSet(List.of("tokenfence.auth.refresh-cookie.enabled", "tokenfence.auth.refresh-cookie.name",
                    "tokenfence.auth.refresh-cookie.csrf-header"),
                    "For browser clients: the refresh token in an HttpOnly, Secure, SameSite=Strict cookie, out of "
                            + "reach of scripts; the CSRF header is then required on refresh and logout."),
            new MustSet(List.of("server.forward-headers-strategy"),
                    "`framework` when TLS ends at a proxy or ingress, so the service sees the original scheme and "
                            + "host (Secure cookies, URLs it builds); only behind a proxy that overwrites the "
                            + "`X-Forwarded-*` headers."),
            new MustSet(List.of("spring.data.redis.host", "spring.data.redis.port", "spring.data.redis.password"),
                    "Your Redis, with AOF persistence on: sessions and signing keys live there, and a restart "
                            + "without persistence logs everyone out."),
            new MustSet(List.of("spring.kafka.bootstrap-servers", "tokenfence.auth.revocations.replication-factor"),
                    "Your Kafka on both sides, and a replication factor of 3 (with `min.insync.replicas=2`) for the "
                            + "revocation topic."),
            new MustSet(List.of("tokenfence.filter.stale-mode"),
                    "Decide what a resource server does while cut off from revocations: keep serving "
                            + "(`fail-open`) or answer 503 (`fail-closed`)."));

    private static Map<String, ConfigurationMetadata.Property> properties;
    private static ConfigurationMetadata auth;
    private static ConfigurationMetadata resource;

    @BeforeAll
    static void readMetadata() {
        auth = Application.of("auth-service").metadata();
        resource = Application.of("demo-resource-server").metadata();
        properties = new TreeMap<>();
        for (ConfigurationMetadata metadata : List.of(auth, resource)) {
            metadata.all().stream().filter(property -> property.name().startsWith("tokenfence."))
                    .forEach(property -> properties.putIfAbsent(property.name(), property));
        }
    }

    @Test
    void everyTokenFencePropertyHasADescription() {
        assertThat(properties).containsKeys("tokenfence.auth.issuer", "tokenfence.filter.issuer",
                "tokenfence.auth.revocations.topic", "tokenfence.filter.enabled");
        assertThat(properties.values()).filteredOn(property -> property.description() == null
                || property.description().isBlank()).extracting(ConfigurationMetadata.Property::name).isEmpty();
    }

    @Test
    void productionChecklistNamesOnlyRealProperties() {
        for (MustSet item : PRODUCTION) {
            for (String name : item.properties()) {
                assertThat(auth.property(name).or(() -> resource.property(name)))
                        .as("%s is a property of auth-service or the resource server", name).isPresent();
            }
        }
    }

    @Test
    void configurationReferenceIsUpToDate() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("tokenfence.docs.write")) {
            Files.writeString(DOCUMENT, expected);
        }
        assertThat(DOCUMENT).as("docs/configuration.md exists; generate it with: %s", REGENERATE).isRegularFile();
        assertThat(Files.readString(DOCUMENT)).as("docs/configuration.md is out of date; regenerate it with: %s",
                REGENERATE).isEqualTo(expected);
    }

    private static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated by deploy-tests' ConfigurationReferenceTest from the configuration metadata "
                        + "of auth-service and resource-filter-lib. Do not edit by hand: change the javadoc of the "
                        + "properties records (or additional-spring-configuration-metadata.json) and run\n     ")
                .append(REGENERATE).append(" -->\n\n")
                .append("Every property can be set the Spring Boot way: in `application.yml`, as a command-line "
                        + "argument (`--tokenfence.auth.issuer=...`) or as an environment variable in relaxed form "
                        + "(dots become underscores, dashes are dropped: `TOKENFENCE_AUTH_KEYS_ENCRYPTIONSECRET`). "
                        + "Durations take `500ms`, `30s`, `5m`, `7d`.\n\n");

        out.append("## Production must set\n\n");
        for (MustSet item : PRODUCTION) {
            out.append("- ").append(String.join(", ", item.properties().stream().map(name -> "`" + name + "`")
                    .toList())).append(": ").append(item.why()).append('\n');
        }
        out.append('\n');

        section(out, "auth-service: `tokenfence.auth`", name -> name.startsWith("tokenfence.auth.")
                && !name.startsWith("tokenfence.auth.revocations."));
        section(out, "Revocation publishing (auth-service): `tokenfence.auth.revocations`",
                name -> name.startsWith("tokenfence.auth.revocations."));
        section(out, "Resource servers (resource-filter-lib): `tokenfence.filter`",
                name -> name.startsWith("tokenfence.filter."));
        List<String> rest = new ArrayList<>(properties.keySet().stream()
                .filter(name -> !name.startsWith("tokenfence.auth.") && !name.startsWith("tokenfence.filter.")).toList());
        if (!rest.isEmpty()) {
            section(out, "Other", rest::contains);
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Predicate<String> included) {
        out.append("## ").append(title).append("\n\n")
                .append("| Property | Default | Description |\n")
                .append("| --- | --- | --- |\n");
        properties.values().stream().filter(property -> included.test(property.name())).forEach(property ->
                out.append("| `").append(property.name()).append("` | ")
                        .append(property.defaultValue() == null ? "" : "`" + property.defaultValue() + "`")
                        .append(" | ").append(cell(property.description())).append(" |\n"));
        out.append('\n');
    }

    private static String cell(String description) {
        String text = description == null ? "" : description.strip()
                .replaceAll("\\{@code ([^}]*)}", "`$1`")
                .replaceAll("\\{@link ([^}]*)}", "`$1`")
                .replaceAll("\\s+", " ")
                .replace("|", "\\|");
        if (text.isEmpty()) {
            return text;
        }
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
