package io.tokenfence.testsupport.redis;

/**
 * Where a running Redis answers.
 *
 * @param host host name or address
 * @param port TCP port
 */
public record RedisEndpoint(String host, int port) {

    /** The address in the form Redisson and Spring Data accept, {@code redis://host:port}. */
    public String uri() {
        return "redis://" + host + ":" + port;
    }
}
