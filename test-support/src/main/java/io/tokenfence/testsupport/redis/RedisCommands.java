package io.tokenfence.testsupport.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a fresh connection, in RESP, with no client library: enough for tests and the cluster
 * launcher to ask a node about itself ({@code CLUSTER INFO}, {@code DBSIZE}, {@code KEYS}) without the routing a
 * cluster-aware client would add.
 */
public final class RedisCommands {

    private RedisCommands() {
    }

    /**
     * Sends {@code arguments} to {@code endpoint} and returns the reply: a {@code String} (simple or bulk string), a
     * {@code Long} (integer), a {@code List<Object>} (array) or null (nil).
     *
     * @throws IllegalStateException when Redis answers an error or cannot be reached
     */
    public static Object call(RedisEndpoint endpoint, Duration timeout, String... arguments) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(encode(arguments));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("Redis at " + endpoint.host() + ":" + endpoint.port() + " did not answer "
                    + arguments[0] + ": " + e.getMessage(), e);
        }
    }

    /** The keys of one node matching {@code pattern} ({@code KEYS}: tests only, never on a production node). */
    @SuppressWarnings("unchecked")
    public static List<String> keys(RedisEndpoint endpoint, String pattern) {
        List<Object> reply = (List<Object>) call(endpoint, Duration.ofSeconds(5), "KEYS", pattern);
        return reply.stream().map(String.class::cast).toList();
    }

    private static byte[] encode(String... arguments) {
        StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IllegalStateException("Redis error: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                line(in);
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            default -> throw new IOException("Unexpected RESP type '" + (char) type + "' (" + line + ")");
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int previous = -1;
        int current;
        while ((current = in.read()) != -1) {
            if (previous == '\r' && current == '\n') {
                byte[] bytes = buffer.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            buffer.write(current);
            previous = current;
        }
        throw new IOException("Connection closed mid-reply");
    }
}
