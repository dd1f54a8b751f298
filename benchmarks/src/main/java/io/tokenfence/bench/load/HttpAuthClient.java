package io.tokenfence.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link AuthClient} on the JDK's HTTP client. */
final class HttpAuthClient implements AuthClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI login;
    private final URI refresh;

    HttpAuthClient(String baseUrl) {
        this.login = URI.create(baseUrl + "/auth/login");
        this.refresh = URI.create(baseUrl + "/auth/refresh");
    }

    @Override
    public String login(String username, String password) throws IOException, InterruptedException {
        return AuthClient.field(post(login, AuthClient.loginBody(username, password)), "refresh_token");
    }

    @Override
    public String refresh(String refreshToken) throws IOException, InterruptedException {
        return AuthClient.field(post(refresh, AuthClient.refreshBody(refreshToken)), "refresh_token");
    }

    private String post(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        // Java 17's HttpClient has no close(); its connections go when it is collected.
    }
}
