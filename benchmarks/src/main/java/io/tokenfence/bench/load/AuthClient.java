package io.tokenfence.bench.load;

import java.io.IOException;
import java.util.Locale;

/** The two calls the benchmark makes, over one keep-alive HTTP/1.1 connection per benchmark client. */
interface AuthClient extends AutoCloseable {

    /** Logs in and returns the refresh token. */
    String login(String username, String password) throws IOException, InterruptedException;

    /** Refreshes and returns the new refresh token. */
    String refresh(String refreshToken) throws IOException, InterruptedException;

    @Override
    void close();

    /**
     * Which HTTP client the load generator uses. It runs on the same cores as auth-service and Redis, so every
     * microsecond it spends per request is taken from the service being measured.
     */
    enum Kind {
        /** The JDK's {@code java.net.http.HttpClient}: selector thread, executor hand-offs, futures. */
        JDK,
        /** A blocking socket that writes a prepared request and reads the answer in place, like wrk or h2load. */
        SOCKET;

        static Kind parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    static AuthClient open(Kind kind, String baseUrl) {
        return kind == Kind.JDK ? new HttpAuthClient(baseUrl) : new SocketAuthClient(baseUrl);
    }

    static String loginBody(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    static String refreshBody(String refreshToken) {
        return "{\"refresh_token\":\"" + refreshToken + "\"}";
    }

    /** Cheap extraction of a string field; the benchmark must not measure a JSON parser. */
    static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int start = json.indexOf(marker) + marker.length();
        return json.substring(start, json.indexOf('"', start));
    }
}
