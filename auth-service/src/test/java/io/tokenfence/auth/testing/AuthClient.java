package io.tokenfence.auth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for one auth-service instance. */
public final class AuthClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public AuthClient(int port) {
        this("http://127.0.0.1:" + port);
    }

    public AuthClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public ApiResponse login(String username, String password) {
        return postJson("/auth/login", JSON.writeValueAsString(java.util.Map.of("username", username,
                "password", password)));
    }

    /** Logs in and returns the 200 answer, failing loudly otherwise. */
    public Tokens loginOk(String username, String password) {
        ApiResponse response = login(username, password);
        if (response.status() != 200) {
            throw new AssertionError("login failed: " + response);
        }
        return Tokens.of(response);
    }

    public ApiResponse refresh(String refreshToken) {
        return postJson("/auth/refresh", "{\"refresh_token\":" + JSON.writeValueAsString(refreshToken) + "}");
    }

    public ApiResponse logoutWithRefreshToken(String refreshToken) {
        return postJson("/auth/logout", "{\"refresh_token\":" + JSON.writeValueAsString(refreshToken) + "}");
    }

    public ApiResponse postJson(String path, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        all.addAll(List.of(headers));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .headers(all.toArray(String[]::new))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public ApiResponse post(String path, String bearer) {
        return send(withBearer(HttpRequest.newBuilder(URI.create(baseUrl + path)), bearer)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    public ApiResponse get(String path, String bearer) {
        return send(withBearer(HttpRequest.newBuilder(URI.create(baseUrl + path)), bearer).GET());
    }

    public ApiResponse delete(String path, String bearer) {
        return send(withBearer(HttpRequest.newBuilder(URI.create(baseUrl + path)), bearer).DELETE());
    }

    private static HttpRequest.Builder withBearer(HttpRequest.Builder builder, String bearer) {
        return bearer == null ? builder : builder.header("Authorization", "Bearer " + bearer);
    }

    public ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The useful parts of a token answer. */
    public record Tokens(String accessToken, String refreshToken, String sessionId, ApiResponse response) {
        static Tokens of(ApiResponse response) {
            return new Tokens(response.text("access_token"), response.text("refresh_token"),
                    response.text("session_id"), response);
        }
    }

    public static Tokens tokens(ApiResponse response) {
        return Tokens.of(response);
    }
}
