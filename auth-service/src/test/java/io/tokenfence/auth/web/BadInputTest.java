package io.tokenfence.auth.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;

import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every malformed request gets a clear 4xx problem answer, never a 500, and never echoes what it was sent. */
class BadInputTest extends AuthServiceTestBase {

    @Test
    void malformedOrMistypedLoginBodiesAnswer400() {
        for (String body : List.of("{\"username\":", "[]", "\"alice\"", "null", "{}", "{\"username\":\"alice\"}",
                "{\"username\":1,\"password\":true}", "{\"username\":\"\",\"password\":\"\"}",
                "{\"username\":{\"a\":1},\"password\":[\"x\"]}", "not json at all")) {
            ApiResponse answer = api.postJson("/auth/login", body);
            assertProblem(answer, 400, "invalid_request");
        }
    }

    @Test
    void missingBodyAnswers400() {
        ApiResponse answer = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));

        assertProblem(answer, 400, "invalid_request");
    }

    @Test
    void wrongContentTypeAnswers415() {
        ApiResponse answer = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/auth/login"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("alice")));

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void oneMebibyteBodyIsRejectedWith413WhetherSizedOrChunked() {
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) 'a');

        ApiResponse sized = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(huge)));
        ApiResponse chunked = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/auth/refresh"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))));

        assertProblem(sized, 413, "invalid_request");
        assertProblem(chunked, 413, "invalid_request");
    }

    @Test
    void garbageRefreshTokensOfEveryShapeAnswer401OrBadRequest() {
        assertProblem(api.postJson("/auth/refresh", "{\"refresh_token\":12}"), 400, "invalid_request");
        assertProblem(api.postJson("/auth/refresh", "{\"refresh_token\":\"\"}"), 400, "invalid_request");
        assertProblem(api.postJson("/auth/refresh", "{}"), 400, "invalid_request");
        assertProblem(api.postJson("/auth/refresh", "{\"refresh_token\":\"" + "x".repeat(5000) + "\"}"),
                400, "invalid_request");
        assertProblem(api.refresh("%%%%.$$$$"), 401, "invalid_grant");
        assertProblem(api.refresh("a".repeat(82)), 401, "invalid_grant");
    }

    @Test
    void garbageBearerTokensAnswer401() {
        for (String bearer : List.of("x", "a.b.c", "e30.e30.", "x".repeat(7_000), "eyJhbGciOiJIUzI1NiJ9.e30.sig")) {
            ApiResponse answer = api.get("/auth/sessions", bearer);
            assertProblem(answer, 401, "invalid_token");
            assertThat(answer.body()).doesNotContain(bearer.length() > 10 ? bearer.substring(0, 10) : "never");
        }
        ApiResponse basic = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/auth/sessions"))
                .header("Authorization", "Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=").GET());
        assertProblem(basic, 401, "invalid_token");
    }

    @Test
    void headersBeyondTheServersLimitAreRefusedByTheContainerNotAnError() {
        // Over 8 KiB of headers never reaches the application: the servlet container answers 400 by itself.
        ApiResponse answer = api.get("/auth/sessions", "x".repeat(10_000));

        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void failedLoginNeverEchoesThePassword() {
        ApiResponse answer = api.login("alice", "my-secret-guess-123");

        assertProblem(answer, 401, "invalid_grant");
        assertThat(answer.body()).doesNotContain("my-secret-guess-123");
    }

    @Test
    void unknownPathAnswers404Problem() {
        ApiResponse answer = api.get("/auth/nothing-here", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    private static void assertProblem(ApiResponse answer, int status, String error) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("error")).isEqualTo(error);
    }
}
