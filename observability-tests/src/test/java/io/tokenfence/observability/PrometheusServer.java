package io.tokenfence.observability;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/** A real Prometheus from PATH on a loopback port, with its HTTP API as used by Grafana's panels. */
final class PrometheusServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final Process process;
    private final String url;
    private final Path log;

    private PrometheusServer(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Starts {@code prometheus} with the configuration in {@code dir}, keeping its data and log there too. */
    static PrometheusServer start(Path config, int port) throws IOException {
        Path dir = config.getParent();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(List.of("prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port, log);
        await("Prometheus ready (log: " + log + ")").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .failFast("Prometheus exited; see " + log, () -> !process.isAlive())
                .until(() -> server.status("/-/ready") == 200);
        return server;
    }

    /** An instant query; throws {@link QueryFailed} with Prometheus's message when it does not parse or fails. */
    JsonNode query(String promql) {
        return get("/api/v1/query?query=" + encode(promql)).get("data");
    }

    /** A range query, as a Grafana time-series panel sends it. */
    JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
        return get("/api/v1/query_range?query=" + encode(promql) + "&start=" + start.getEpochSecond() + "&end="
                + end.getEpochSecond() + "&step=" + step.toSeconds() + "s").get("data");
    }

    /** The loaded rule groups with each rule's evaluation health. */
    JsonNode rules() {
        return get("/api/v1/rules").get("data");
    }

    /** The number of series an instant query returns. */
    int seriesCount(String promql) {
        return query(promql).get("result").size();
    }

    Path log() {
        return log;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
                throw new QueryFailed(response.statusCode() + " " + body.path("errorType").asString() + ": "
                        + body.path("error").asString());
            }
            return body;
        } catch (IOException e) {
            throw new QueryFailed("Prometheus did not answer " + path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(3)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Prometheus rejected a query (it does not parse, or evaluating it failed). */
    static final class QueryFailed extends RuntimeException {
        QueryFailed(String message) {
            super(message);
        }
    }

    /** Writes a configuration next to a copy of the rule file, as deploy/prometheus/ lays them out. */
    static Path writeConfig(Path dir, String config, Path alerts) throws IOException {
        Files.createDirectories(dir);
        Files.copy(alerts, dir.resolve("alerts.yml"));
        return Files.writeString(dir.resolve("prometheus.yml"), config);
    }
}
