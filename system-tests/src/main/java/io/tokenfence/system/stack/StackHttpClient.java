package io.tokenfence.system.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP calls tests make against the stack's services running as separate processes: auth-service's login,
 * refresh, logout and session endpoints, a resource server's {@code /api/me}, and plain GETs.
 *
 * <p>No call throws when a service does not answer: tests stop, kill and suspend services on purpose, and then assert
 * on the {@link Answer} instead.
 */
public final class StackHttpClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private StackHttpClient() {
    }

    /**
     * An answer; status -1 when the service did not answer at all (connection refused or reset, timeout). A
     * {@code WWW-Authenticate} challenge is appended to the body in brackets, so failure messages show the reason.
     */
    public record Answer(int status, String body, String contentType) {

        public Answer(int status, String body) {
            this(status, body, "");
        }

        /**
         * A string field of a JSON body, e.g. {@code access_token}. Fails as an assertion, not with an exception:
         * callers are tests, and a missing field is an answer they did not expect.
         */
        public String field(String name) {
            String marker = "\"" + name + "\":\"";
            int start = body.indexOf(marker);
            if (start < 0) {
                throw new AssertionError("no " + name + " in " + status + " " + body);
            }
            start += marker.length();
            return body.substring(start, body.indexOf('"', start));
        }
    }

    /** Logs in as alice, a user every auth-service instance of the stack knows. */
    public static Answer login(String authUrl) {
        return login(authUrl, "alice", "alice-password");
    }

    public static Answer login(String authUrl, String username, String password) {
        return post(authUrl + "/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
    }

    public static Answer refresh(String authUrl, String refreshToken) {
        return post(authUrl + "/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}", null);
    }

    /** Ends the session of an access token. */
    public static Answer logout(String authUrl, String accessToken) {
        return post(authUrl + "/auth/logout", "", accessToken);
    }

    /** Ends the session of a refresh token, the way a client whose access token has expired logs out. */
    public static Answer logoutWithRefreshToken(String authUrl, String refreshToken) {
        return post(authUrl + "/auth/logout", "{\"refresh_token\":\"" + refreshToken + "\"}", null);
    }

    /** Ends every session of the access token's user. */
    public static Answer logoutAll(String authUrl, String accessToken) {
        return post(authUrl + "/auth/logout-all", "", accessToken);
    }

    /** The sessions of the access token's user. */
    public static Answer sessions(String authUrl, String accessToken) {
        return send(withBearer(HttpRequest.newBuilder(URI.create(authUrl + "/auth/sessions")), accessToken).GET());
    }

    /** An admin ends every session of a user. */
    public static Answer revokeUser(String authUrl, String adminAccessToken, String username) {
        return post(authUrl + "/admin/users/" + username + "/revoke", "", adminAccessToken);
    }

    /** The status a resource server answers a token with. */
    public static int me(String resourceUrl, String accessToken) {
        return meAnswer(resourceUrl, accessToken).status();
    }

    /** A resource server's whole answer to a token; with a null token the request carries no credentials at all. */
    public static Answer meAnswer(String resourceUrl, String accessToken) {
        return send(withBearer(HttpRequest.newBuilder(URI.create(resourceUrl + "/api/me")), accessToken).GET());
    }

    public static Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static Answer post(String url, String body, String bearer) {
        return send(withBearer(HttpRequest.newBuilder(URI.create(url)), bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder withBearer(HttpRequest.Builder request, String accessToken) {
        return accessToken == null ? request : request.header("Authorization", "Bearer " + accessToken);
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
