package io.tokenfence.auth.web;

import java.net.URI;

import io.tokenfence.auth.AuthError;
import io.tokenfence.auth.AuthException;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Writes every error as RFC 9457 problem details with an OAuth 2.0 style {@code error} member, plus
 * {@code WWW-Authenticate} (RFC 6750) on bearer failures and {@code Retry-After} on 429 and 503. Client faults (4xx)
 * are kept apart from ours (503 for Redis trouble, never disguised as 401); nothing echoes a token or a stack trace.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(AuthException.class)
    ResponseEntity<ProblemDetail> auth(AuthException e) {
        return problem(e.error(), e.getMessage(), e.retryAfter() == null ? null : e.retryAfter().toSeconds());
    }

    @ExceptionHandler(RedisException.class)
    ResponseEntity<ProblemDetail> redis(RedisException e) {
        log.warn("Redis unavailable: {}", e.getMessage());
        return problem(AuthError.TEMPORARILY_UNAVAILABLE, "Session storage is unavailable; retry shortly", 1L);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (causedByRedis(e)) {
            return redis(new RedisException(e.getMessage()));
        }
        log.error("Unexpected error", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(500), "Internal error");
        body.setProperty("error", "server_error");
        return ResponseEntity.status(500).body(body);
    }

    static ResponseEntity<ProblemDetail> problem(AuthError error, String detail, Long retryAfterSeconds) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(error.status()), detail);
        body.setTitle(error.title());
        body.setType(URI.create("https://tokenfence.io/problems/" + error.code()));
        body.setProperty("error", error.code());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(error.status());
        switch (error) {
            case UNAUTHORIZED -> answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            case INVALID_TOKEN, INSUFFICIENT_SCOPE -> answer.header(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"" + error.code() + "\", error_description=\"" + detail.replace("\"", "'") + "\"");
            default -> { }
        }
        if (retryAfterSeconds != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        }
        return answer.body(body);
    }

    /** Framework errors (unreadable JSON, wrong media type, unknown path...) get the same shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("error", statusCode.is4xxClientError() ? "invalid_request" : "server_error");
            if (statusCode.value() == 400) {
                // The parser's message can quote the input; say what is wrong without echoing it.
                problem.setDetail("The request body is not valid JSON of the expected shape");
            }
        }
        return answer;
    }

    private static boolean causedByRedis(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisException) {
                return true;
            }
        }
        return false;
    }
}
