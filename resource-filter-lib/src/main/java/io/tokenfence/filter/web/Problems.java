package io.tokenfence.filter.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The filter's answers as RFC 9457 problem details. Details are fixed texts of ours, never the presented token, so
 * nothing here needs escaping.
 */
final class Problems {

    private Problems() {
    }

    /** 401 with an RFC 6750 challenge; {@code error} null for a missing token (bare {@code Bearer} challenge). */
    static void unauthorized(HttpServletResponse response, String error, String description) throws IOException {
        String challenge = error == null ? "Bearer"
                : "Bearer error=\"" + error + "\", error_description=\"" + description + "\"";
        response.setHeader("WWW-Authenticate", challenge);
        write(response, 401, "Unauthorized", description, error);
    }

    /** 503 while revocation data is stale under the {@code fail-closed} policy. */
    static void staleRevocations(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        write(response, 503, "Service Unavailable",
                "Revocation data is stale; the service refuses requests until it catches up",
                "temporarily_unavailable");
    }

    private static void write(HttpServletResponse response, int status, String title, String detail, String error)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"" + (error != null ? ",\"error\":\"" + error + "\"" : "") + "}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
