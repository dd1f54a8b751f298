package io.tokenfence.auth.session;

import tools.jackson.databind.json.JsonMapper;

/** Session records as JSON in Redis. */
final class SessionCodec {

    private final JsonMapper json;

    SessionCodec(JsonMapper json) {
        this.json = json;
    }

    String encode(Session session) {
        return json.writeValueAsString(session);
    }

    Session decode(String stored) {
        return json.readValue(stored, Session.class);
    }
}
