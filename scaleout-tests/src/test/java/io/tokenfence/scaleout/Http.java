package io.tokenfence.scaleout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP calls the scale-out tests make against services running as separate processes. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Http() {
    }

    record Answer(int status, String body) {
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

    static Answer login(String authUrl, String username, String password) {
        return post(authUrl + "/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
                null);
    }

    static Answer refresh(String authUrl, String refreshToken) {
        return post(authUrl + "/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}", null);
    }

    static Answer logout(String authUrl, String accessToken) {
        return post(authUrl + "/auth/logout", "", accessToken);
    }

    static Answer logoutAll(String authUrl, String accessToken) {
        return post(authUrl + "/auth/logout-all", "", accessToken);
    }

    static Answer sessions(String authUrl, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(authUrl + "/auth/sessions"))
                .header("Authorization", "Bearer " + accessToken).GET());
    }

    static int me(String resourceUrl, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(resourceUrl + "/api/me"))
                .header("Authorization", "Bearer " + accessToken).GET()).status();
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
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
