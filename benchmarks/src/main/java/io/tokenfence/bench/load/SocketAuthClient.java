package io.tokenfence.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link AuthClient} on one blocking keep-alive socket: the request is written in one call and the answer parsed in
 * one buffer, on the client's own thread. Per request it costs a fraction of the JDK client's CPU (no selector
 * thread, no hand-offs between threads), which matters when the load generator shares two cores with the service it
 * measures. It speaks just enough HTTP/1.1 for auth-service: Content-Length or chunked answers, and a new connection
 * when the server closes one (Tomcat does after {@code max-keep-alive-requests}).
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
        } catch (EOFException closedWhileIdle) {
            // A kept-alive connection the server closed while it was idle: nothing was answered, send it again.
            if (!reused || filled > 0) {
                throw closedWhileIdle;
            }
            disconnect();
            return exchange(path, request);
        }
    }

    private String exchange(String path, byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        filled = 0;
        int headerEnd = readHeaders();
        String head = new String(buffer, 0, headerEnd, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        boolean close = lower.contains("\r\nconnection: close");
        String body = lower.contains("\r\ntransfer-encoding: chunked") ? readChunked(headerEnd)
                : readLength(headerEnd, contentLength(lower));
        if (close) {
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

    /** Reads until the blank line after the headers; returns the index of the first body byte. */
    private int readHeaders() throws IOException {
        int scanned = 0;
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
        StringBuilder body = new StringBuilder();
        int position = start;
        while (true) {
            int lineEnd = lineEnd(position);
            int size = Integer.parseInt(new String(buffer, position, lineEnd - position, StandardCharsets.ISO_8859_1)
                    .split(";")[0].trim(), 16);
            position = lineEnd + 2;
            while (filled < position + size + 2) {
                fill();
            }
            if (size == 0) {
                return body.toString();
            }
            body.append(new String(buffer, position, size, StandardCharsets.UTF_8));
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

    private static int contentLength(String lowerCaseHead) throws IOException {
        int at = lowerCaseHead.indexOf("\r\ncontent-length:");
        if (at < 0) {
            throw new IOException("An answer with neither Content-Length nor chunked encoding");
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
            disconnect();
            throw new EOFException("The server closed the connection");
        }
        filled += read;
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
