package io.tokenfence.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tokenfence.system.stack.ServiceProcess;
import io.tokenfence.system.stack.StackPorts;
import io.tokenfence.system.stack.SystemStack;
import io.tokenfence.testsupport.redis.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards and alerts against the real thing: two auth-service and two resource-server processes with Redis
 * and Kafka, scraped by a real Prometheus (from PATH) configured like deploy/prometheus/prometheus.yml and loading
 * alerts.yml. After a scripted workload, every Grafana panel query must return series and every alert expression
 * must parse and find the series it compares.
 *
 * <p>With {@code -Dtokenfence.docs.write=true} the charts drawn from this run replace docs/images/dashboards.png.
 */
class DashboardsAndAlertsTest {

    /** What Grafana substitutes for $__rate_interval at a 1 s scrape interval is smaller; a minute keeps the run. */
    private static final String RATE_INTERVAL = "1m";
    private static final Path ROOT = projectRoot();
    private static final Path PROMETHEUS_DIR = ROOT.resolve("deploy/prometheus");
    private static final List<Path> DASHBOARDS = List.of(ROOT.resolve("grafana/dashboards/auth-service.json"),
            ROOT.resolve("grafana/dashboards/resource-servers.json"));

    private static SystemStack stack;
    private static PrometheusServer prometheus;
    private static Instant workloadStart;

    @BeforeAll
    static void startStackPrometheusAndWorkload() throws Exception {
        requireOnPath("prometheus");
        requireOnPath("promtool");
        StackPorts ports = new StackPorts(List.of(RedisServers.freePort(), RedisServers.freePort()),
                List.of(RedisServers.freePort(), RedisServers.freePort()), RedisServers.freePort(),
                RedisServers.freePort(), RedisServers.freePort());
        Path workDir = Files.createTempDirectory("tokenfence-observability-");
        // A short grace window lets the workload reach a reuse detection quickly; rate limits would only add noise.
        stack = new SystemStack(ports, workDir, false).withExtraAuthArguments(List.of(
                "--tokenfence.auth.refresh.grace-window=3s", "--tokenfence.auth.rate-limits.enabled=false")).start();

        Path config = PrometheusServer.writeConfig(workDir.resolve("prometheus"), scrapeConfigForStack(),
                PROMETHEUS_DIR.resolve("alerts.yml"));
        prometheus = PrometheusServer.start(config, RedisServers.freePort());
        await("all four targets scraped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> prometheus.seriesCount("up == 1") == 4);

        workloadStart = Instant.now();
        new Workload(urls(stack.authServices()), urls(stack.resourceServers())).run();

        // The workload's last effects are in Prometheus: a reuse, an admin revoke, revoked tokens seen by both
        // resource servers, and a propagation measured by each.
        await("workload scraped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                prometheus.seriesCount("tokenfence_refresh_total{outcome=\"reuse_detected\"} > 0") >= 1
                && prometheus.seriesCount("tokenfence_revocations_total{reason=\"admin_revoke\"} > 0") >= 1
                && prometheus.seriesCount("tokenfence_filter_requests_total{job=\"resource-server\","
                        + "outcome=\"revoked\"} > 0") == 2
                && prometheus.seriesCount("tokenfence_filter_revocation_propagation_seconds_count{"
                        + "job=\"resource-server\"} >= 2") == 2
                && prometheus.seriesCount("sum by (job) (rate(tokenfence_filter_requests_total{"
                        + "outcome=\"accepted\"}[" + RATE_INTERVAL + "])) > 0") >= 1);
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyDashboardPanelQueryParsesAndReturnsSeries() throws IOException {
        List<DashboardPanels.Target> targets = new ArrayList<>();
        for (Path dashboard : DASHBOARDS) {
            targets.addAll(DashboardPanels.targets(DashboardPanels.read(dashboard), RATE_INTERVAL));
        }
        assertThat(targets).hasSizeGreaterThanOrEqualTo(20);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(failures(targets, target -> prometheus.seriesCount(target.expr()) > 0))
                        .as("panel queries that failed or returned no series").isEmpty());
    }

    @Test
    void everyInstanceTagsItsSeriesWithItsApplicationName() {
        assertThat(prometheus.seriesCount("tokenfence_login_total{job=\"auth-service\",outcome=\"success\","
                + "application=\"auth-service\"}")).isEqualTo(2);
        // The stack's resource servers are one of each style: the servlet filter and the Spring Security demo.
        assertThat(prometheus.seriesCount("tokenfence_filter_blacklist_size{job=\"resource-server\","
                + "application=\"demo-resource-server\"}")).isEqualTo(1);
        assertThat(prometheus.seriesCount("tokenfence_filter_blacklist_size{job=\"resource-server\","
                + "application=\"demo-secured-resource-server\"}")).isEqualTo(1);
        assertThat(prometheus.seriesCount("{job=~\"auth-service|resource-server\",__name__=~\"tokenfence_.+\","
                + "application=\"\"}")).as("tokenfence series without an application tag").isZero();
    }

    @Test
    void everyAlertExpressionParsesAndEverySeriesItComparesExists() {
        Map<String, String> alerts = alertExpressions();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(6);

        List<String> problems = new ArrayList<>();
        alerts.forEach((alert, expression) -> {
            try {
                prometheus.query(expression);
            } catch (PrometheusServer.QueryFailed e) {
                problems.add(alert + " does not evaluate: " + e.getMessage());
                return;
            }
            for (String selector : PromQlSelectors.of(expression)) {
                if (prometheus.seriesCount(selector) == 0) {
                    problems.add(alert + ": no series for " + selector);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void prometheusLoadsEveryAlertAndEvaluatesItWithoutError() {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, String> health = new LinkedHashMap<>();
            for (JsonNode group : prometheus.rules().path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    health.put(rule.path("name").asString(),
                            rule.path("health").asString() + " " + rule.path("lastError").asString(""));
                }
            }
            assertThat(health.keySet()).containsExactlyInAnyOrderElementsOf(alertExpressions().keySet());
            assertThat(health).allSatisfy((name, state) -> assertThat(state).as(name).isEqualTo("ok "));
        });
    }

    @Test
    void alertRulesPassPromtoolChecksAndUnitTests() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
        assertThat(promtool("test", "rules", "alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void mainPanelsDrawnFromTheRunShowTraffic() throws IOException {
        Instant end = Instant.now();
        Instant start = workloadStart.minusSeconds(5);
        Map<String, List<String>> panels = Map.of(
                "tokenfence-auth-service", List.of("Logins/s by outcome", "Refreshes/s by outcome",
                        "Refresh latency", "Revocations/s by reason"),
                "tokenfence-resource-servers", List.of("Requests/s by outcome", "Revocation propagation"));
        List<PanelCharts.Chart> charts = new ArrayList<>();
        for (Path file : DASHBOARDS) {
            JsonNode dashboard = DashboardPanels.read(file);
            List<String> wanted = panels.get(dashboard.path("uid").asString());
            for (String title : wanted) {
                charts.add(chart(dashboard, title, start, end));
            }
        }

        assertThat(charts).allSatisfy(chart -> assertThat(chart.series())
                .as(chart.title()).anySatisfy(series -> assertThat(java.util.Arrays.stream(series.values()))
                        .as(series.name()).anyMatch(value -> Double.isFinite(value) && value > 0)));
        Path image = ROOT.resolve("observability-tests/target/dashboards.png");
        PanelCharts.write("TokenFence: auth-service and resource-server dashboards, from a scripted run of the "
                + "multi-process stack", charts, image);
        assertThat(image).isNotEmptyFile();
        if (Boolean.getBoolean("tokenfence.docs.write")) {
            Path docs = ROOT.resolve("docs/images/dashboards.png");
            Files.createDirectories(docs.getParent());
            Files.copy(image, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static PanelCharts.Chart chart(JsonNode dashboard, String title, Instant start, Instant end) {
        JsonNode panel = null;
        for (JsonNode candidate : dashboard.path("panels")) {
            if (candidate.path("title").asString().equals(title)) {
                panel = candidate;
            }
        }
        assertThat(panel).as(title).isNotNull();
        String unit = switch (panel.path("fieldConfig").path("defaults").path("unit").asString()) {
            case "reqps", "ops" -> "/s";
            case "s" -> "s";
            default -> "";
        };
        List<PanelCharts.Series> series = new ArrayList<>();
        // A shorter window than the table test's: the charts should show the workload's bursts, not a plateau.
        for (DashboardPanels.Target target : DashboardPanels.targets(dashboard, "20s")) {
            if (!target.panel().equals(title)) {
                continue;
            }
            for (JsonNode result : prometheus.queryRange(target.expr(), start, end, Duration.ofSeconds(1))
                    .path("result")) {
                JsonNode values = result.path("values");
                double[] times = new double[values.size()];
                double[] numbers = new double[values.size()];
                for (int i = 0; i < values.size(); i++) {
                    times[i] = values.get(i).get(0).asDouble();
                    numbers[i] = parse(values.get(i).get(1).asString());
                }
                series.add(new PanelCharts.Series(legend(target.legend(), result.path("metric")), times, numbers));
            }
        }
        return new PanelCharts.Chart(title, unit, series);
    }

    private static double parse(String sample) {
        return switch (sample) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(sample);
        };
    }

    /** Grafana's legend format: {{label}} replaced by the series' label value. */
    private static String legend(String format, JsonNode labels) {
        Matcher matcher = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(format);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(labels.path(matcher.group(1)).asString("")));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** deploy/prometheus/prometheus.yml with the stack's loopback ports as targets and 1 s intervals. */
    @SuppressWarnings("unchecked")
    private static String scrapeConfigForStack() throws IOException {
        Yaml yaml = new Yaml();
        Map<String, Object> config = yaml.load(Files.readString(PROMETHEUS_DIR.resolve("prometheus.yml")));
        config.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
        Map<String, List<String>> targets = Map.of(
                "auth-service", loopback(stack.authServices()),
                "resource-server", loopback(stack.resourceServers()));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        assertThat(jobs).extracting(job -> job.get("job_name"))
                .containsExactlyInAnyOrderElementsOf(targets.keySet());
        for (Map<String, Object> job : jobs) {
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            job.put("static_configs", List.of(Map.of("targets", targets.get((String) job.get("job_name")))));
        }
        assertThat((List<String>) config.get("rule_files")).containsExactly("alerts.yml");
        return yaml.dump(config);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> alertExpressions() {
        try {
            Map<String, Object> file = new Yaml().load(Files.readString(PROMETHEUS_DIR.resolve("alerts.yml")));
            Map<String, String> alerts = new LinkedHashMap<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    alerts.put((String) rule.get("alert"), ((String) rule.get("expr")).trim());
                }
            }
            return alerts;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<String> failures(List<T> items, java.util.function.Predicate<T> check) {
        List<String> failures = new ArrayList<>();
        for (T item : items) {
            try {
                if (!check.test(item)) {
                    failures.add(item + " -> no series");
                }
            } catch (PrometheusServer.QueryFailed e) {
                failures.add(item + " -> " + e.getMessage());
            }
        }
        return failures;
    }

    private static String promtool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS_DIR.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    private static List<String> urls(List<ServiceProcess> services) {
        return services.stream().map(ServiceProcess::url).toList();
    }

    private static List<String> loopback(List<ServiceProcess> services) {
        return services.stream().map(service -> "127.0.0.1:" + service.port()).collect(Collectors.toList());
    }

    private static void requireOnPath(String executable) {
        boolean found = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
        assertThat(found).as(executable + " is not on PATH: install Prometheus (Debian/Ubuntu: "
                + "apt-get install --no-install-recommends prometheus), as .ci/run does").isTrue();
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run from inside the TokenFence repository");
        }
        return dir;
    }
}
