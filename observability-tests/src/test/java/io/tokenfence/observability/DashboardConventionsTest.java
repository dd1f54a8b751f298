package io.tokenfence.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The provisioning rules the dashboards must follow to load unattended (no UI import step). */
class DashboardConventionsTest {

    private static final Path ROOT = root();

    @Test
    void dashboardsHaveStableUidsNoIdsNoImportInputsAndUseTheProvisionedDatasource() throws IOException {
        String datasourceUid = provisionedDatasourceUid();
        Map<String, String> expected = Map.of("auth-service.json", "tokenfence-auth-service",
                "resource-servers.json", "tokenfence-resource-servers");
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            Path file = ROOT.resolve("grafana/dashboards").resolve(entry.getKey());
            String text = Files.readString(file);
            JsonNode dashboard = DashboardPanels.read(file);

            assertThat(dashboard.path("uid").asString()).isEqualTo(entry.getValue());
            assertThat(dashboard.has("id")).as(file + " has an id").isFalse();
            assertThat(dashboard.has("__inputs")).as(file + " has __inputs").isFalse();
            assertThat(text).doesNotContain("${DS_");
            assertThat(dashboard.path("templating").path("list")).extracting(v -> v.path("name").asString())
                    .contains("job", "instance");
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panel.has("id") && panel.path("datasource").path("uid").asString().equals(datasourceUid))
                        .as(panel.path("title").asString()).isTrue();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString();
                    assertThat(target.path("datasource").path("uid").asString()).isEqualTo(datasourceUid);
                    assertThat(expr).as(panel.path("title").asString()).contains("job=\"$job\"")
                            .contains("instance=~\"$instance\"");
                    if (expr.contains("rate(")) {
                        assertThat(expr).as(panel.path("title").asString()).contains("[$__rate_interval]")
                                .doesNotContainPattern("\\[\\d+[smh]]");
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String provisionedDatasourceUid() throws IOException {
        Map<String, Object> file = new Yaml().load(
                Files.readString(ROOT.resolve("grafana/provisioning/datasources/prometheus.yml")));
        List<Map<String, Object>> datasources = (List<Map<String, Object>>) file.get("datasources");
        assertThat(datasources).hasSize(1);
        return (String) datasources.get(0).get("uid");
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
