package io.tokenfence.filter.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@link RevocationEvent} JSON (contract version 1, {@code docs/events.md}).
 *
 * <p>Decoding never throws: a consumer must survive any byte sequence on the topic, so every problem comes back as a
 * {@link DecodeResult.Rejected}. Unknown fields are ignored, so a producer may add fields without a version bump.
 * Thread-safe.
 */
public final class RevocationEventCodec {

    private final JsonMapper mapper;

    public RevocationEventCodec() {
        this(JsonMapper.shared());
    }

    public RevocationEventCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The UTF-8 JSON of {@code event}; absent optional fields are left out. */
    public byte[] encode(RevocationEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("v", event.version());
        node.put("id", event.id().toString());
        node.put("issued_at", event.issuedAt().toString());
        node.put("kind", event.kind().wire());
        node.put("sub", event.sub());
        if (event.sid() != null) {
            node.put("sid", event.sid());
        }
        if (event.jti() != null) {
            node.put("jti", event.jti());
        }
        node.put("not_before", event.notBefore().toString());
        node.put("expires_at", event.expiresAt().toString());
        node.put("reason", event.reason().wire());
        return mapper.writeValueAsBytes(node);
    }

    /** The event in {@code json}, or why it cannot be applied. Never throws. */
    public DecodeResult decode(byte[] json) {
        if (json == null || json.length == 0) {
            return rejected(DecodeResult.Problem.MALFORMED, "empty record");
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JacksonException e) {
            // The parser's message may quote the record; report only where it broke.
            return rejected(DecodeResult.Problem.MALFORMED, "not JSON (at " + where(e) + ")");
        }
        if (node == null || !node.isObject()) {
            return rejected(DecodeResult.Problem.MALFORMED, "not a JSON object");
        }
        try {
            return new DecodeResult.Decoded(read(node));
        } catch (Rejection e) {
            return rejected(e.problem, e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            return rejected(DecodeResult.Problem.INVALID, e.getMessage());
        }
    }

    private static RevocationEvent read(JsonNode node) {
        JsonNode v = node.get("v");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new Rejection(DecodeResult.Problem.MALFORMED, "v must be an integer");
        }
        if (v.intValue() != RevocationEvent.VERSION) {
            throw new Rejection(DecodeResult.Problem.UNSUPPORTED_VERSION, "v=" + v.intValue());
        }
        String kindText = text(node, "kind", true);
        RevocationEvent.Kind kind = RevocationEvent.Kind.fromWire(kindText);
        if (kind == null) {
            throw new Rejection(DecodeResult.Problem.UNKNOWN_KIND, "kind=" + abbreviate(kindText));
        }
        String reason = text(node, "reason", false);
        return new RevocationEvent(RevocationEvent.VERSION, uuid(node), instant(node, "issued_at", true), kind,
                text(node, "sub", true), text(node, "sid", false), text(node, "jti", false),
                instant(node, "not_before", false), instant(node, "expires_at", true),
                reason == null ? RevocationEvent.Reason.OTHER : RevocationEvent.Reason.fromWire(reason));
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Rejection(DecodeResult.Problem.INVALID, field + " is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw new Rejection(DecodeResult.Problem.MALFORMED, field + " must be a string");
        }
        return value.stringValue();
    }

    private static UUID uuid(JsonNode node) {
        String text = text(node, "id", true);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new Rejection(DecodeResult.Problem.MALFORMED, "id must be a UUID");
        }
    }

    private static Instant instant(JsonNode node, String field, boolean required) {
        String text = text(node, field, required);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Rejection(DecodeResult.Problem.MALFORMED, field + " must be an ISO-8601 instant");
        }
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null ? "unknown offset" : "offset " + e.getLocation().getByteOffset();
    }

    private static String abbreviate(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "…";
    }

    private static DecodeResult rejected(DecodeResult.Problem problem, String detail) {
        return new DecodeResult.Rejected(problem, detail == null ? problem.tag() : detail);
    }

    /** Internal control flow only; never leaves {@link #decode(byte[])}. */
    private static final class Rejection extends RuntimeException {

        private final DecodeResult.Problem problem;

        Rejection(DecodeResult.Problem problem, String message) {
            super(message, null, false, false);
            this.problem = problem;
        }
    }
}
