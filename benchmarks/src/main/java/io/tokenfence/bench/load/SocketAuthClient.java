package io.tokenfence.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link AuthClient} on one blocking keep-alive socket: the request is written in one call and the answer parsed in
 * one buffer, on the client's own thread. Per request it costs a fraction of the JDK client's CPU (no selector
 * thread, no hand-offs between threads), which matters when the load generator shares two cores with the service it
 * measures. It speaks just enough HTTP/1.1 for auth-service: Content-Length or chunked answers, and a new connection
 * when the server closes one (Tomcat does after {@code max-keep-alive-requests} and after its idle timeout).
 */
final class SocketAuthClient implements AuthClient {

    private final InetSocketAddress address;
    private final String hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] buffer = new byte[8192];
    /** Bytes of {@link #buffer} read from the socket: {@code [0, filled)}. */
    private int filled;

    SocketAuthClient(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.hostHeader = uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public String login(String username, String password) throws IOException {
        return AuthClient.field(post("/auth/login", AuthClient.loginBody(username, password)), "refresh_token");
    }

    @Override
    public String refresh(String refreshToken) throws IOException {
        return AuthClient.field(post("/auth/refresh", AuthClient.refreshBody(refreshToken)), "refresh_token");
    }

    private String post(String path, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
        boolean reused = socket != null;
        try {
            return exchange(path, request);
        } catch (EOFException | SocketException closed) {
            // A kept-alive connection the server had closed while it was idle, before our request: the server closes
            // only between requests, so a connection that ends without a byte of answer saw none, and sending the
            // request again on a new connection cannot repeat a rotation. Anything else is the caller's error.
            if (!reused || filled > 0) {
                throw closed;
            }
            return exchange(path, request);
        }
    }

    private String exchange(String path, byte[] request) throws IOException {
        try {
            return send(path, request);
        } catch (IOException | RuntimeException e) {
            // A connection in an unknown state must not answer the next request with this one's leftovers.
            disconnect();
            throw e;
        }
    }

    private String send(String path, byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        filled = 0;
        out.write(request);
        out.flush();
        int headerEnd = blankLineEnd(0); // the first body byte
        String head = new String(buffer, 0, headerEnd, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        String body;
        if (status < 200 || status == 204 || status == 304) {
            body = "";
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            body = readChunked(headerEnd);
        } else {
            int length = contentLength(lower);
            if (length < 0) {
                throw new IOException(path + " answered " + status + " with neither Content-Length nor chunks");
            }
            body = readLength(headerEnd, length);
        }
        if (lower.contains("\r\nconnection: close")) {
            disconnect();
        }
        if (status != 200) {
            throw new IOException(path + " answered " + status + ": " + body);
        }
        return body;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(address, 5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Index just after the first CRLF CRLF at or after {@code from}, reading as needed. */
    private int blankLineEnd(int from) throws IOException {
        int scanned = from;
        while (true) {
            for (; scanned + 3 < filled; scanned++) {
                if (buffer[scanned] == '\r' && buffer[scanned + 1] == '\n' && buffer[scanned + 2] == '\r'
                        && buffer[scanned + 3] == '\n') {
                    return scanned + 4;
                }
            }
            fill();
        }
    }

    private String readLength(int start, int length) throws IOException {
        while (filled < start + length) {
            fill();
        }
        return new String(buffer, start, length, StandardCharsets.UTF_8);
    }

    private String readChunked(int start) throws IOException {
        // Bytes first, decoded once: a multi-byte character may be split between two chunks.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = start;
        while (true) {
            int lineEnd = lineEnd(position);
            int size = Integer.parseInt(new String(buffer, position, lineEnd - position, StandardCharsets.ISO_8859_1)
                    .split(";")[0].trim(), 16);
            if (size == 0) {
                // The last chunk, then optional trailers, then a blank line: all of it belongs to this answer.
                blankLineEnd(lineEnd);
                return body.toString(StandardCharsets.UTF_8);
            }
            position = lineEnd + 2;
            while (filled < position + size + 2) {
                fill();
            }
            body.write(buffer, position, size);
            position += size + 2;
        }
    }

    private int lineEnd(int from) throws IOException {
        while (true) {
            for (int i = from; i + 1 < filled; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    return i;
                }
            }
            fill();
        }
    }

    /** The Content-Length header's value, or -1 without one. */
    private static int contentLength(String lowerCaseHead) {
        int at = lowerCaseHead.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return -1;
        }
        int start = at + "\r\ncontent-length:".length();
        int end = lowerCaseHead.indexOf("\r\n", start);
        return Integer.parseInt(lowerCaseHead.substring(start, end < 0 ? lowerCaseHead.length() : end).trim());
    }

    private void fill() throws IOException {
        if (filled == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, filled, buffer.length - filled);
        if (read < 0) {
            throw new EOFException("The server closed the connection");
        }
        filled += read;
    }

    private void disconnect() {
        Socket closing = socket;
        socket = null;
        if (closing != null) {
            try {
                closing.close();
            } catch (IOException ignored) {
                // Closing is all we wanted; a failure to close says nothing about the answer.
            }
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
