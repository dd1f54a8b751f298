package io.tokenfence.auth.storage;

import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

/**
 * Makes Redisson read from masters on Redis Cluster and Sentinel, whatever {@code spring.data.redis.*} or a Redisson
 * YAML configuration asked for.
 *
 * <p>Why: a refresh reads the session, then replaces it only if it is unchanged (compare-and-set on the master). A read
 * served by a replica that lags the master returns the session as it was before a rotation that already happened;
 * the rotation then fails its compare-and-set and the refresh is answered as a race it did not lose, or reuse
 * detection judges a token against retired hashes the replica has not seen yet. Reading from the master that takes the
 * write makes each refresh see every rotation acknowledged before it. Replicas still serve as failover targets.
 *
 * <p>A single server has no replicas to read from, so its configuration is left as it is.
 */
public final class MasterReadsCustomizer implements RedissonAutoConfigurationCustomizer {

    @Override
    public void customize(Config config) {
        // useClusterServers()/useSentinelServers() return the existing section when it is already chosen.
        if (config.isClusterConfig()) {
            config.useClusterServers().setReadMode(ReadMode.MASTER);
        } else if (config.isSentinelConfig()) {
            config.useSentinelServers().setReadMode(ReadMode.MASTER);
        }
    }
}
