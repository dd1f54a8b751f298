package io.tokenfence.testsupport.redis;

/** A real Redis server that this process started and must stop. */
public interface RedisServer extends AutoCloseable {

    RedisEndpoint endpoint();

    /** What backs it, for the log: "container redis:7.2", "redis-server 7.0.15 from PATH", ... */
    String description();

    /** Stops the server; idempotent. */
    @Override
    void close();
}
