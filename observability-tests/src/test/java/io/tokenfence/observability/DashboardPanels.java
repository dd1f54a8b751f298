package io.tokenfence.observability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The query targets of a Grafana dashboard JSON, with its template variables filled in as Grafana would. */
final class DashboardPanels {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One panel query. {@code expr} has the variables substituted; {@code rawExpr} is as written in the file. */
    record Target(String dashboard, String panel, String refId, String legend, String rawExpr, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId + ": " + expr;
        }
    }

    private DashboardPanels() {
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /**
     * Every target of every panel. {@code $job} takes the variable's saved value, {@code $instance} its "All" value
     * and {@code $__rate_interval} the given window.
     */
    static List<Target> targets(JsonNode dashboard, String rateInterval) {
        String job = null;
        String allInstances = null;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            switch (variable.path("name").asString()) {
                case "job" -> job = variable.path("current").path("value").asString();
                case "instance" -> allInstances = variable.path("allValue").asString();
                default -> { }
            }
        }
        if (job == null || job.isEmpty() || allInstances == null || allInstances.isEmpty()) {
            throw new IllegalArgumentException(dashboard.path("uid").asString()
                    + ": needs template variables job (with a saved value) and instance (with an All value)");
        }
        List<Target> targets = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String raw = target.path("expr").asString();
                String expr = raw.replace("$__rate_interval", rateInterval).replace("$instance", allInstances)
                        .replace("$job", job);
                targets.add(new Target(dashboard.path("uid").asString(), panel.path("title").asString(),
                        target.path("refId").asString(), target.path("legendFormat").asString(), raw, expr));
            }
        }
        return targets;
    }
}
