package io.tokenfence.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s parses, every kustomization lists files that exist, and the manifests agree with each other and with the
 * applications: selectors select, probes ask for endpoints the applications serve on the port they listen on, and
 * every configured variable is a property the application knows.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Project.file("deploy/k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path PRODUCTION = K8S.resolve("overlays/production");
    /** Heap bytes per blacklist entry, from BENCHMARKS.md "Blacklist memory". */
    private static final long BLACKLIST_ENTRY_BYTES = 192;
    /** The images' -XX:MaxRAMPercentage. */
    private static final double HEAP_SHARE = 0.75;

    private static List<Manifest> base;
    private static List<Manifest> production;

    /** One document of a manifest file. */
    record Manifest(Path file, Map<String, Object> body) {

        String kind() {
            return Objects.toString(body.get("kind"), null);
        }

        String name() {
            return Objects.toString(metadata().get("name"), null);
        }

        Map<String, Object> metadata() {
            return map(body, "metadata");
        }

        Map<String, Object> spec() {
            return map(body, "spec");
        }
    }

    @BeforeAll
    static void parse() throws IOException {
        base = resourcesOf(BASE);
        production = manifestsIn(PRODUCTION, "patches", "path");
    }

    @Test
    void everyKustomizationListsFilesThatExist() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            List<Path> kustomizations = files.filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
                    .toList();
            assertThat(kustomizations).hasSize(2);
            for (Path kustomization : kustomizations) {
                Map<String, Object> body = load(kustomization).get(0);
                assertThat(body.get("kind")).isEqualTo("Kustomization");
                for (String entry : listed(body, "resources", null)) {
                    Path target = kustomization.getParent().resolve(entry).normalize();
                    assertThat(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))
                            .as("%s lists %s", kustomization, entry).isTrue();
                }
                for (String entry : listed(body, "patches", "path")) {
                    assertThat(kustomization.getParent().resolve(entry)).as("%s patches", kustomization).isRegularFile();
                }
            }
        }
    }

    @Test
    void everyManifestHasApiVersionKindAndName() {
        Stream.concat(base.stream(), production.stream()).forEach(manifest -> {
            assertThat(manifest.body().get("apiVersion")).as("apiVersion in %s", manifest.file()).isNotNull();
            assertThat(manifest.kind()).as("kind in %s", manifest.file()).isNotBlank();
            assertThat(manifest.name()).as("metadata.name in %s", manifest.file()).isNotBlank();
        });
    }

    @Test
    void baseHasAuthServiceWithTwoReplicasServicePdbAndTheDemoResourceServer() {
        assertThat(base).extracting(manifest -> manifest.kind() + "/" + manifest.name())
                .contains("Deployment/auth-service", "Service/auth-service", "PodDisruptionBudget/auth-service",
                        "ConfigMap/auth-service-config", "Deployment/demo-resource-server",
                        "Service/demo-resource-server");
        assertThat(find(base, "Deployment", "auth-service").spec().get("replicas")).isEqualTo(2);
    }

    @Test
    void deploymentSelectorsMatchTheirPodTemplates() {
        for (Manifest deployment : ofKind(base, "Deployment")) {
            Map<String, Object> matchLabels = map(map(deployment.spec(), "selector"), "matchLabels");
            assertThat(matchLabels).as("%s selector", deployment.name()).isNotEmpty();
            assertThat(templateLabels(deployment)).as("%s template labels", deployment.name())
                    .containsAllEntriesOf(matchLabels);
        }
    }

    @Test
    void servicesAndDisruptionBudgetsSelectADeploymentAndItsNamedPort() {
        for (Manifest service : ofKind(base, "Service")) {
            Manifest deployment = selected(map(service.spec(), "selector"));
            for (Map<String, Object> port : list(service.spec(), "ports")) {
                Object target = port.get("targetPort");
                assertThat(containers(deployment)).as("%s targets port %s", service.name(), target)
                        .anySatisfy(container -> assertThat(list(container, "ports"))
                                .anyMatch(p -> target.equals(p.get("name")) || target.equals(p.get("containerPort"))));
            }
        }
        for (Manifest budget : ofKind(base, "PodDisruptionBudget")) {
            Manifest deployment = selected(map(map(budget.spec(), "selector"), "matchLabels"));
            assertThat((Integer) budget.spec().get("minAvailable")).as("minAvailable of %s", budget.name())
                    .isPositive().isLessThan((Integer) deployment.spec().get("replicas"));
        }
    }

    @Test
    void containersHaveImagePortsProbesAndResources() {
        for (Manifest deployment : ofKind(base, "Deployment")) {
            for (Map<String, Object> container : containers(deployment)) {
                String what = deployment.name() + "/" + container.get("name");
                assertThat(container.get("image")).as("image of %s", what).isNotNull();
                assertThat(list(container, "ports")).as("ports of %s", what).isNotEmpty();
                assertThat(container).as(what).containsKeys("readinessProbe", "livenessProbe");
                Map<String, Object> resources = map(container, "resources");
                assertThat(map(resources, "requests")).as("requests of %s", what).containsKeys("cpu", "memory");
                assertThat(map(resources, "limits")).as("limits of %s", what).containsKey("memory");
            }
        }
    }

    @Test
    void probesAskForHealthGroupsTheApplicationEnablesOnThePortItListensOn() {
        for (Manifest deployment : ofKind(base, "Deployment")) {
            for (Map<String, Object> container : containers(deployment)) {
                Application application = applicationOf(container);
                assertThat(application.packagedDefault("management.endpoint.health.probes.enabled"))
                        .as("%s enables the liveness and readiness groups", application.module()).contains(true);
                assertThat(application.packagedDefault("management.endpoints.web.exposure.include"))
                        .as("%s exposes health over HTTP", application.module())
                        .hasValueSatisfying(value -> assertThat(value.toString()).contains("health"));
                int listening = application.serverPort(Map.of());
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    if (!container.containsKey(probe)) {
                        continue;
                    }
                    Map<String, Object> httpGet = map(map(container, probe), "httpGet");
                    String group = probe.equals("readinessProbe") ? "readiness" : "liveness";
                    assertThat(httpGet.get("path")).as("%s of %s", probe, deployment.name())
                            .isEqualTo("/actuator/health/" + group);
                    assertThat(containerPort(container, httpGet.get("port"))).as("%s port", probe).isEqualTo(listening);
                }
            }
        }
    }

    @Test
    void everyConfiguredVariableIsAPropertyOfTheApplicationThatReadsIt() {
        List<String> unknown = new ArrayList<>();
        for (List<Manifest> layer : List.of(base, production)) {
            for (Manifest deployment : ofKind(layer, "Deployment")) {
                Manifest baseDeployment = find(base, "Deployment", deployment.name());
                for (Map<String, Object> container : containers(deployment)) {
                    Application application = applicationOf(containerNamed(baseDeployment, container.get("name")));
                    List<String> names = new ArrayList<>(list(container, "env").stream()
                            .map(env -> env.get("name").toString()).toList());
                    for (Map<String, Object> source : list(containerNamed(baseDeployment, container.get("name")),
                            "envFrom")) {
                        String configMap = map(source, "configMapRef").get("name").toString();
                        for (List<Manifest> configLayer : List.of(base, production)) {
                            ofKind(configLayer, "ConfigMap").stream().filter(map -> map.name().equals(configMap))
                                    .forEach(map -> names.addAll(map(map.body(), "data").keySet()));
                        }
                    }
                    assertThat(names).as("%s is configured", deployment.name()).isNotEmpty();
                    names.stream().filter(name -> application.metadata().boundBy(name).isEmpty())
                            .forEach(name -> unknown.add(deployment.name() + ": " + name));
                }
            }
        }
        assertThat(unknown).as("variables that bind to no property of the application").isEmpty();
    }

    @Test
    void resourceServersAndAuthServiceAgreeOnIssuerAndAudience() {
        for (List<Manifest> layer : List.of(base, production)) {
            Map<String, Object> auth = map(find(layer, "ConfigMap", "auth-service-config").body(), "data");
            Map<String, Object> resource = map(find(layer, "ConfigMap", "resource-server-config").body(), "data");
            assertThat(resource.get("TOKENFENCE_FILTER_ISSUER")).isEqualTo(auth.get("TOKENFENCE_AUTH_ISSUER"));
            if (resource.containsKey("TOKENFENCE_FILTER_AUDIENCE")) {
                assertThat(resource.get("TOKENFENCE_FILTER_AUDIENCE")).isEqualTo(auth.get("TOKENFENCE_AUTH_AUDIENCE"));
            }
        }
    }

    @Test
    void productionPatchesOnlyResourcesTheBaseDefinesAndScalesBeyondTheDisruptionBudget() {
        for (Manifest patch : production) {
            find(base, patch.kind(), patch.name());
        }
        int replicas = (Integer) find(production, "Deployment", "auth-service").spec().get("replicas");
        assertThat(replicas).isGreaterThan((Integer) find(base, "PodDisruptionBudget", "auth-service").spec()
                .get("minAvailable"));
    }

    @Test
    void resourceServerMemoryLimitHoldsAFullBlacklistInTheHeap() {
        Application application = Application.of("demo-resource-server");
        long maximumEntries = Long.parseLong(application.metadata().property("tokenfence.filter.blacklist-maximum-size")
                .orElseThrow().defaultValue());
        for (List<Manifest> layer : List.of(base, production)) {
            Map<String, Object> container = containers(find(layer, "Deployment", "demo-resource-server")).get(0);
            long limit = bytes(map(map(container, "resources"), "limits").get("memory").toString());
            assertThat((long) (limit * HEAP_SHARE)).as("heap under the memory limit")
                    .isGreaterThan(2 * maximumEntries * BLACKLIST_ENTRY_BYTES);
        }
    }

    private static long bytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.replace("Gi", "")) << 30;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.replace("Mi", "")) << 20;
        }
        throw new IllegalArgumentException("Unsupported quantity " + quantity);
    }

    private static Application applicationOf(Map<String, Object> container) {
        String image = container.get("image").toString();
        String module = Application.moduleOfImage(image.contains(":") ? image : image + ":" + Application.VERSION)
                .orElseThrow(() -> new AssertionError(image + " is not an image this project builds"));
        return Application.of(module);
    }

    private static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return list(container, "ports").stream().filter(p -> port.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    private static Manifest selected(Map<String, Object> selector) {
        assertThat(selector).isNotEmpty();
        List<Manifest> matches = ofKind(base, "Deployment").stream()
                .filter(deployment -> templateLabels(deployment).entrySet().containsAll(selector.entrySet())).toList();
        assertThat(matches).as("deployments selected by %s", selector).hasSize(1);
        return matches.get(0);
    }

    private static Map<String, Object> templateLabels(Manifest deployment) {
        return map(map(map(deployment.spec(), "template"), "metadata"), "labels");
    }

    private static List<Map<String, Object>> containers(Manifest deployment) {
        return list(map(map(deployment.spec(), "template"), "spec"), "containers");
    }

    private static Map<String, Object> containerNamed(Manifest deployment, Object name) {
        return containers(deployment).stream().filter(container -> name.equals(container.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(deployment.name() + " has no container " + name));
    }

    private static Manifest find(List<Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> kind.equals(m.kind()) && name.equals(m.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static List<Manifest> ofKind(List<Manifest> manifests, String kind) {
        return manifests.stream().filter(manifest -> kind.equals(manifest.kind())).toList();
    }

    private static List<Manifest> resourcesOf(Path dir) throws IOException {
        return manifestsIn(dir, "resources", null);
    }

    private static List<Manifest> manifestsIn(Path dir, String field, String key) throws IOException {
        Map<String, Object> kustomization = load(dir.resolve("kustomization.yaml")).get(0);
        List<Manifest> manifests = new ArrayList<>();
        for (String entry : listed(kustomization, field, key)) {
            Path file = dir.resolve(entry).normalize();
            if (Files.isRegularFile(file)) {
                for (Map<String, Object> document : load(file)) {
                    manifests.add(new Manifest(file, document));
                }
            }
        }
        return manifests;
    }

    private static List<String> listed(Map<String, Object> kustomization, String field, String key) {
        List<String> entries = new ArrayList<>();
        Object value = kustomization.get(field);
        if (value instanceof List<?> items) {
            for (Object item : items) {
                Object entry = key == null ? item : ((Map<?, ?>) item).get(key);
                if (entry != null) {
                    entries.add(entry.toString());
                }
            }
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
            return documents;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
