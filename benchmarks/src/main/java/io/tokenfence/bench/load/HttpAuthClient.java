package io.tokenfence.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The two calls the benchmark makes, over one keep-alive HTTP/1.1 client per benchmark client. */
final class HttpAuthClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI login;
    private final URI refresh;

    HttpAuthClient(String baseUrl) {
        this.login = URI.create(baseUrl + "/auth/login");
        this.refresh = URI.create(baseUrl + "/auth/refresh");
    }

    /** Logs in and returns the refresh token. */
    String login(String username, String password) throws IOException, InterruptedException {
        return field(post(login, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"),
                "refresh_token");
    }

    /** Refreshes and returns the new refresh token. */
    String refresh(String refreshToken) throws IOException, InterruptedException {
        return field(post(refresh, "{\"refresh_token\":\"" + refreshToken + "\"}"), "refresh_token");
    }

    private String post(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Cheap extraction of a string field; the benchmark must not measure a JSON parser. */
    static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int start = json.indexOf(marker) + marker.length();
        return json.substring(start, json.indexOf('"', start));
    }
}
