package io.tokenfence.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code docker save}-format image tar (what {@code jib:buildTar} writes), unpacked: its config and its layers
 * applied in order onto one root directory, the way a container runtime prepares a container's file system.
 */
final class ImageTar {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path rootFs;
    private final JsonNode config;

    private ImageTar(Path rootFs, JsonNode config) {
        this.rootFs = rootFs;
        this.config = config;
    }

    /** Unpacks {@code tar} under {@code workDir}: the archive in {@code image/}, the file system in {@code rootfs/}. */
    static ImageTar unpack(Path tar, Path workDir) throws IOException, InterruptedException {
        Path image = Files.createDirectories(workDir.resolve("image"));
        Path rootFs = Files.createDirectories(workDir.resolve("rootfs"));
        untar(tar, image);
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        JsonNode config = JSON.readTree(image.resolve(manifest.get("Config").asString()).toFile()).get("config");
        for (JsonNode layer : manifest.get("Layers")) {
            untar(image.resolve(layer.asString()), rootFs);
        }
        return new ImageTar(rootFs, config);
    }

    private static void untar(Path archive, Path into) throws IOException, InterruptedException {
        // --no-same-owner is tar's default for non-root only; keep the layer's modes, which is what the image declares.
        Process tar = new ProcessBuilder("tar", "-xf", archive.toString(), "-C", into.toString(), "--no-same-owner",
                "-p", "--warning=no-unknown-keyword").redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(2, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            throw new IOException("Could not unpack " + archive + ": " + output);
        }
    }

    Path rootFs() {
        return rootFs;
    }

    /** Entrypoint followed by Cmd, as a runtime would execute them. */
    List<String> command() {
        List<String> command = new ArrayList<>(strings("Entrypoint"));
        command.addAll(strings("Cmd"));
        return command;
    }

    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : strings("Env")) {
            int equals = entry.indexOf('=');
            environment.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return environment;
    }

    String user() {
        return text("User");
    }

    String workingDirectory() {
        String dir = text("WorkingDir");
        return dir.isEmpty() ? "/" : dir;
    }

    List<String> exposedPorts() {
        List<String> ports = new ArrayList<>();
        JsonNode exposed = config.get("ExposedPorts");
        if (exposed != null) {
            exposed.propertyNames().forEach(ports::add);
        }
        return ports;
    }

    private String text(String field) {
        JsonNode node = config.get(field);
        return node == null || node.isNull() ? "" : node.asString();
    }

    private List<String> strings(String field) {
        List<String> values = new ArrayList<>();
        JsonNode node = config.get(field);
        if (node != null && node.isArray()) {
            node.forEach(value -> values.add(value.asString()));
        }
        return values;
    }
}
