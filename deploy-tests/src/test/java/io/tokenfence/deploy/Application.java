package io.tokenfence.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.yaml.snakeyaml.Yaml;

/**
 * One of the applications this project ships, as its executable jar shows it: the configuration properties it knows
 * and the defaults its packaged {@code application.yml} sets.
 */
final class Application {

    /** The modules that build an image, by the image name they build ({@code tokenfence/<module>}). */
    static final List<String> MODULES = List.of("auth-service", "demo-resource-server", "demo-secured-resource-server");
    static final String VERSION = "0.1.0-SNAPSHOT";
    static final String IMAGE_PREFIX = "tokenfence/";

    private static final Map<String, Application> CACHE = new ConcurrentHashMap<>();

    private final String module;
    private final ConfigurationMetadata metadata;
    private final Map<String, Object> defaults;

    private Application(String module, ConfigurationMetadata metadata, Map<String, Object> defaults) {
        this.module = module;
        this.metadata = metadata;
        this.defaults = defaults;
    }

    static Application of(String module) {
        return CACHE.computeIfAbsent(module, name -> {
            Path jar = Project.bootJar(name);
            try {
                return new Application(name, ConfigurationMetadata.ofBootJar(jar), packagedDefaults(jar));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + jar, e);
            }
        });
    }

    /** The application an image reference names, when this project builds it. */
    static Optional<String> moduleOfImage(String image) {
        if (!image.startsWith(IMAGE_PREFIX)) {
            return Optional.empty();
        }
        String name = image.substring(IMAGE_PREFIX.length()).split(":")[0];
        return MODULES.contains(name) ? Optional.of(name) : Optional.empty();
    }

    String module() {
        return module;
    }

    ConfigurationMetadata metadata() {
        return metadata;
    }

    /** A value of the packaged application.yml, flattened to its dotted name ({@code server.port}). */
    Optional<Object> packagedDefault(String name) {
        return Optional.ofNullable(defaults.get(name));
    }

    /** The port the application listens on: {@code SERVER_PORT} from {@code environment}, else its packaged default. */
    int serverPort(Map<String, String> environment) {
        String configured = environment.get("SERVER_PORT");
        if (configured != null) {
            return Integer.parseInt(configured);
        }
        return packagedDefault("server.port").map(value -> Integer.parseInt(value.toString())).orElse(8080);
    }

    private static Map<String, Object> packagedDefaults(Path jar) throws IOException {
        Map<String, Object> flat = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("BOOT-INF/classes/application.yml");
            if (entry != null) {
                try (InputStream in = zip.getInputStream(entry)) {
                    for (Object document : new Yaml().loadAll(in)) {
                        flatten("", document, flat);
                    }
                }
            }
        }
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).forEach((key, child) ->
                    flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, flat));
        } else {
            flat.put(prefix, value);
        }
    }
}
