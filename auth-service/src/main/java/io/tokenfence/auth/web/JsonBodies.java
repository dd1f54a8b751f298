package io.tokenfence.auth.web;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import tools.jackson.databind.JsonNode;

/** Reads request fields with errors that name the field, instead of binding leniently (a number is not a username). */
final class JsonBodies {

    private static final int MAX_FIELD = 4096;

    private JsonBodies() {
    }

    static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null || value.isEmpty()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'" + field + "' is required");
        }
        return value;
    }

    static String optionalText(JsonNode body, String field) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (!body.isObject()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "The request body must be a JSON object");
        }
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'" + field + "' must be a string");
        }
        String text = value.asString();
        if (text.isEmpty()) {
            return null; // an empty string is as good as absent
        }
        if (text.length() > MAX_FIELD) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'" + field + "' is too long");
        }
        return text;
    }
}
