package io.tokenfence.auth.session;

import tools.jackson.databind.json.JsonMapper;

/** Session records as JSON (UTF-8) in Redis. */
final class SessionCodec {

    private final JsonMapper json;

    SessionCodec(JsonMapper json) {
        this.json = json;
    }

    byte[] encode(Session session) {
        return json.writeValueAsBytes(session);
    }

    Session decode(byte[] stored) {
        return json.readValue(stored, Session.class);
    }
}
