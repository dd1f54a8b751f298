package io.tokenfence.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few HTTP calls the system tests make, against services running as separate processes. */
final class HttpCalls {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private HttpCalls() {
    }

    /**
     * An answer; status -1 when the service did not answer at all (connection refused or reset, timeout). A
     * {@code WWW-Authenticate} challenge is appended to the body in brackets, so failure messages show the reason.
     */
    record Answer(int status, String body, String contentType) {

        Answer(int status, String body) {
            this(status, body, "");
        }

        String field(String name) {
            String marker = "\"" + name + "\":\"";
            int start = body.indexOf(marker);
            if (start < 0) {
                throw new AssertionError("no " + name + " in " + status + " " + body);
            }
            start += marker.length();
            return body.substring(start, body.indexOf('"', start));
        }
    }

    /** A string claim of a JWT's payload, read without verifying (the services verify; tests only look). */
    static String claim(String jwt, String name) {
        return new Answer(200, payload(jwt)).field(name);
    }

    /** A JWT's decoded payload, for failure messages. */
    static String payload(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    static Answer login(String authUrl) {
        return login(authUrl, "alice", "alice-password");
    }

    static Answer login(String authUrl, String username, String password) {
        return post(authUrl + "/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
    }

    static Answer logoutWithRefreshToken(String authUrl, String refreshToken) {
        return post(authUrl + "/auth/logout", "{\"refresh_token\":\"" + refreshToken + "\"}", null);
    }

    static Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static Answer refresh(String authUrl, String refreshToken) {
        return post(authUrl + "/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}", null);
    }

    static Answer logout(String authUrl, String accessToken) {
        return post(authUrl + "/auth/logout", "", accessToken);
    }

    static int me(String resourceUrl, String accessToken) {
        return meAnswer(resourceUrl, accessToken).status();
    }

    static Answer meAnswer(String resourceUrl, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(resourceUrl + "/api/me"))
                .header("Authorization", "Bearer " + accessToken).GET());
    }

    private static Answer post(String url, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
            return new Answer(response.statusCode(), challenge == null ? body : body + " [" + challenge + "]",
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
