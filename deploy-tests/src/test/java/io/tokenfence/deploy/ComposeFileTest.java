package io.tokenfence.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/docker-compose.yml parses, uses only images we build or pin, and configures only real properties. */
class ComposeFileTest {

    private static final String COMPOSE = "deploy/docker-compose.yml";
    /** Read by the JVM, not by Spring. */
    private static final List<String> JVM_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static Map<String, Object> services;
    private static Map<String, Object> volumes;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(Project.file(COMPOSE))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Object>) compose.get("services");
            volumes = (Map<String, Object>) compose.getOrDefault("volumes", Map.of());
        }
        assertThat(services).as("services of %s", COMPOSE).isNotEmpty();
    }

    @Test
    void composeRunsTwoAuthReplicasAndTwoResourceServersWithRedisKafkaPrometheusAndGrafana() {
        assertThat(services).containsKeys("redis", "kafka", "auth-a", "auth-b", "resource-a", "resource-b",
                "prometheus", "grafana");
        assertThat(image("auth-a")).isEqualTo(image("auth-b")).startsWith("tokenfence/auth-service:");
        assertThat(image("resource-a")).isEqualTo(image("resource-b")).startsWith("tokenfence/demo-resource-server:");
        assertThat(image("kafka")).isEqualTo("apache/kafka:4.1.0");
    }

    @Test
    void everyImageIsBuiltByThisProjectOrPinnedToATag() {
        services.forEach((name, service) -> {
            String image = image(name);
            assertThat(image).as("image of %s", name).isNotBlank();
            Optional<String> module = Application.moduleOfImage(image);
            if (module.isPresent()) {
                assertThat(image).as("%s: the image the %s module builds", name, module.get())
                        .isEqualTo(Application.IMAGE_PREFIX + module.get() + ":" + Application.VERSION);
            } else {
                String tag = image.contains("@") ? null : image.substring(image.lastIndexOf('/') + 1);
                assertThat(tag).as("%s: %s must name a tag", name, image).contains(":");
                assertThat(tag.substring(tag.indexOf(':') + 1)).as("%s: tag of %s", name, image)
                        .isNotBlank().isNotEqualToIgnoringCase("latest");
            }
        });
    }

    @Test
    void everyEnvironmentVariableOfOurServicesBindsToARealPropertyOfTheApplication() {
        List<String> unknown = new ArrayList<>();
        services.forEach((name, service) -> Application.moduleOfImage(image(name)).ifPresent(module -> {
            ConfigurationMetadata metadata = Application.of(module).metadata();
            environment(name).keySet().stream()
                    .filter(key -> !JVM_VARIABLES.contains(key))
                    .filter(key -> metadata.boundBy(key).isEmpty())
                    .forEach(key -> unknown.add(name + ": " + key));
        }));
        assertThat(unknown).as("environment keys that bind to no property of the application").isEmpty();
    }

    @Test
    void publishedHostPortsDoNotCollide() {
        Map<Integer, String> owners = new LinkedHashMap<>();
        List<String> collisions = new ArrayList<>();
        services.forEach((name, service) -> portMappings(name).forEach(mapping -> {
            String previous = owners.putIfAbsent(mapping.host(), name);
            if (previous != null) {
                collisions.add(mapping.host() + ": " + previous + " and " + name);
            }
        }));
        assertThat(owners).as("published host ports").isNotEmpty();
        assertThat(collisions).isEmpty();
    }

    @Test
    void ourServicesPublishThePortTheApplicationListensOn() {
        services.forEach((name, service) -> Application.moduleOfImage(image(name)).ifPresent(module -> {
            int listening = Application.of(module).serverPort(environment(name));
            assertThat(portMappings(name)).as("%s publishes its port", name).isNotEmpty()
                    .allSatisfy(mapping -> assertThat(mapping.container()).as("%s container port", name)
                            .isEqualTo(listening));
        }));
    }

    @Test
    void authReplicasAgreeOnIssuerAudienceAndKeysAndResourceServersExpectThem() {
        Map<String, String> a = environment("auth-a");
        Map<String, String> b = environment("auth-b");
        for (String key : List.of("TOKENFENCE_AUTH_ISSUER", "TOKENFENCE_AUTH_AUDIENCE", "TOKENFENCE_AUTH_KEYS_SOURCE",
                "TOKENFENCE_AUTH_KEYS_ENCRYPTIONSECRET", "SPRING_DATA_REDIS_HOST", "SPRING_KAFKA_BOOTSTRAP_SERVERS")) {
            assertThat(a.get(key)).as(key).isNotBlank().isEqualTo(b.get(key));
        }
        for (String resource : List.of("resource-a", "resource-b")) {
            Map<String, String> environment = environment(resource);
            assertThat(environment.get("TOKENFENCE_FILTER_ISSUER")).as(resource)
                    .isEqualTo(a.get("TOKENFENCE_AUTH_ISSUER"));
            assertThat(environment.get("TOKENFENCE_FILTER_AUDIENCE")).as(resource)
                    .isEqualTo(a.get("TOKENFENCE_AUTH_AUDIENCE"));
            assertThat(environment.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).as(resource)
                    .isEqualTo(a.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void redisPersistsWithAppendOnlyFileOnANamedVolumeSoARestartLogsNobodyOut() {
        Map<String, Object> redis = (Map<String, Object>) services.get("redis");
        Object command = redis.get("command");
        List<String> arguments = command instanceof List<?> list
                ? list.stream().map(Object::toString).toList() : List.of(command.toString().split("\\s+"));
        assertThat(String.join(" ", arguments)).contains("--appendonly yes");
        List<String> mounts = ((List<Object>) redis.get("volumes")).stream().map(Object::toString).toList();
        assertThat(mounts).anySatisfy(mount -> {
            String[] parts = mount.split(":");
            assertThat(parts[1]).isEqualTo("/data");
            assertThat(volumes).as("named volumes").containsKey(parts[0]);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusAndGrafanaMountTheMonitoringFilesOfTheRepository() {
        List<String> prometheus = ((List<Object>) ((Map<String, Object>) services.get("prometheus")).get("volumes"))
                .stream().map(Object::toString).toList();
        assertThat(prometheus).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
        List<String> grafana = ((List<Object>) ((Map<String, Object>) services.get("grafana")).get("volumes"))
                .stream().map(Object::toString).toList();
        assertThat(grafana).anyMatch(mount -> mount.startsWith("../grafana/provisioning:"))
                .anyMatch(mount -> mount.startsWith("../grafana/dashboards:"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFileOrDirectoryMountedFromTheRepositoryExists() {
        services.forEach((name, service) -> {
            Object mounts = ((Map<String, Object>) service).get("volumes");
            if (mounts == null) {
                return;
            }
            for (Object mount : (List<Object>) mounts) {
                String source = mount.toString().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(Project.file("deploy").resolve(source).normalize()).as("%s mounts %s", name, source)
                            .exists();
                }
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryReplicaOfOurServicesOnThePortItListensOn() throws IOException {
        Map<String, Object> config;
        try (Reader reader = Files.newBufferedReader(Project.file("deploy/prometheus/prometheus.yml"))) {
            config = new Yaml().load(reader);
        }
        List<String> targets = new ArrayList<>();
        for (Object job : (List<Object>) config.get("scrape_configs")) {
            Map<String, Object> scrape = (Map<String, Object>) job;
            assertThat(scrape.get("metrics_path")).as("%s metrics path", scrape.get("job_name"))
                    .isEqualTo("/actuator/prometheus");
            for (Object staticConfig : (List<Object>) scrape.get("static_configs")) {
                targets.addAll((List<String>) ((Map<String, Object>) staticConfig).get("targets"));
            }
        }
        List<String> expected = new ArrayList<>();
        services.forEach((name, service) -> Application.moduleOfImage(image(name)).ifPresent(module ->
                expected.add(name + ":" + Application.of(module).serverPort(environment(name)))));
        assertThat(expected).as("replicas of our services").hasSizeGreaterThanOrEqualTo(4);
        assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
    }

    private record PortMapping(int host, int container) {
    }

    @SuppressWarnings("unchecked")
    private static List<PortMapping> portMappings(String name) {
        Object ports = ((Map<String, Object>) services.get(name)).get("ports");
        List<PortMapping> mappings = new ArrayList<>();
        if (ports == null) {
            return mappings;
        }
        for (Object port : (List<Object>) ports) {
            if (port instanceof Map<?, ?> longSyntax) {
                Object published = longSyntax.get("published");
                if (published != null) {
                    mappings.add(new PortMapping(Integer.parseInt(published.toString()),
                            Integer.parseInt(longSyntax.get("target").toString())));
                }
            } else {
                // [ip:]host:container[/protocol]; a bare container port publishes nothing fixed.
                String[] parts = port.toString().split("/")[0].split(":");
                if (parts.length >= 2) {
                    mappings.add(new PortMapping(Integer.parseInt(parts[parts.length - 2]),
                            Integer.parseInt(parts[parts.length - 1])));
                }
            }
        }
        return mappings;
    }

    @SuppressWarnings("unchecked")
    private static String image(String name) {
        Object image = ((Map<String, Object>) services.get(name)).get("image");
        return image == null ? "" : image.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String name) {
        Object environment = ((Map<String, Object>) services.get(name)).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(key.toString(), value == null ? "" : value.toString()));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] parts = entry.toString().split("=", 2);
                variables.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return variables;
    }
}
