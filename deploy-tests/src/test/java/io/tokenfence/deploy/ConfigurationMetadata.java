package io.tokenfence.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every configuration property an application knows, read from its executable jar: the application's own
 * {@code META-INF/spring-configuration-metadata.json} (where the processor has merged
 * {@code additional-spring-configuration-metadata.json}) and that of every jar it ships, Spring Boot's modules
 * included. So the answer is exactly the application's class path, not this module's.
 */
final class ConfigurationMetadata {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String ADDITIONAL_METADATA = "META-INF/additional-spring-configuration-metadata.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One property as the metadata describes it. */
    record Property(String name, String type, String defaultValue, String description, String sourceType) {

        /** Maps and lists take keys or indexes below their own name. */
        boolean hasChildren() {
            return type != null && (type.startsWith("java.util.Map") || type.startsWith("java.util.List")
                    || type.startsWith("java.util.Set") || type.endsWith("[]"));
        }
    }

    private final Map<String, Property> properties;

    private ConfigurationMetadata(Map<String, Property> properties) {
        this.properties = properties;
    }

    /** Reads the metadata of a Spring Boot executable jar and every library in it. */
    static ConfigurationMetadata ofBootJar(Path jar) throws IOException {
        Map<String, Property> properties = new TreeMap<>();
        Path nestedCopy = Files.createTempFile("nested", ".jar");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            readMetadata(zip, "", properties);
            readMetadata(zip, "BOOT-INF/classes/", properties);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                    // A copy opened as a ZipFile reads the central directory only, not every entry.
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, nestedCopy, StandardCopyOption.REPLACE_EXISTING);
                    }
                    try (ZipFile nested = new ZipFile(nestedCopy.toFile())) {
                        readMetadata(nested, "", properties);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(nestedCopy);
        }
        return new ConfigurationMetadata(properties);
    }

    /**
     * The processor merges the additional metadata into the generated file, but an incremental build that did not
     * recompile may not have: read both.
     */
    private static void readMetadata(ZipFile zip, String prefix, Map<String, Property> properties) throws IOException {
        for (String name : List.of(METADATA, ADDITIONAL_METADATA)) {
            ZipEntry entry = zip.getEntry(prefix + name);
            if (entry != null) {
                try (InputStream in = zip.getInputStream(entry)) {
                    read(in, properties);
                }
            }
        }
    }

    private static void read(InputStream in, Map<String, Property> properties) throws IOException {
        JsonNode root = JSON.readTree(in.readAllBytes());
        JsonNode list = root.get("properties");
        if (list == null) {
            return;
        }
        for (JsonNode node : list) {
            String name = node.get("name").asString();
            Property read = new Property(name, text(node, "type"), defaultValue(node.get("defaultValue")),
                    text(node, "description"), text(node, "sourceType"));
            properties.merge(name, read, ConfigurationMetadata::fillIn);
        }
    }

    /**
     * A later entry for the same name overrides what it sets, as the processor lets additional metadata override
     * generated metadata (read second, for exactly that reason).
     */
    private static Property fillIn(Property known, Property later) {
        return new Property(known.name(), later.type() != null ? later.type() : known.type(),
                later.defaultValue() != null ? later.defaultValue() : known.defaultValue(),
                later.description() != null && !later.description().isBlank() ? later.description()
                        : known.description(),
                later.sourceType() != null ? later.sourceType() : known.sourceType());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String defaultValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            value.forEach(item -> joined.append(joined.isEmpty() ? "" : ",").append(item.asString()));
            return joined.toString();
        }
        return value.asString();
    }

    Collection<Property> all() {
        return properties.values();
    }

    Optional<Property> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /**
     * The property an environment variable binds to under Spring Boot's relaxed binding
     * ({@code SPRING_DATA_REDIS_HOST} is {@code spring.data.redis.host}, {@code TOKENFENCE_AUTH_KEYS_ENCRYPTIONSECRET}
     * is {@code tokenfence.auth.keys.encryption-secret}), or, for a map or list property, the property a key below
     * it belongs to ({@code LOGGING_LEVEL_ORG_REDISSON} belongs to {@code logging.level}).
     */
    Optional<Property> boundBy(String environmentVariable) {
        String key = environmentVariable.toUpperCase(Locale.ROOT);
        Property best = null;
        int bestLength = 0;
        for (Property property : properties.values()) {
            for (String form : environmentForms(property.name())) {
                if (form.equals(key)) {
                    return Optional.of(property);
                }
                if (property.hasChildren() && key.startsWith(form + "_") && form.length() > bestLength) {
                    best = property;
                    bestLength = form.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The environment variables Spring Boot binds to a property name: dots to underscores, upper case, and dashes
     * either dropped (the documented form) or turned into underscores (the legacy form Boot still accepts,
     * {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}).
     */
    static List<String> environmentForms(String propertyName) {
        String dotted = propertyName.replace(".", "_").replace("[", "_").replace("]", "").toUpperCase(Locale.ROOT);
        return List.of(dotted.replace("-", ""), dotted.replace("-", "_"));
    }
}
