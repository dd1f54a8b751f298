package io.tokenfence.auth.storage;

import io.tokenfence.testsupport.redis.LocalRedisCluster;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation reads its session and compare-and-sets it: on a cluster or Sentinel both must go to the master. */
class MasterReadsCustomizerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class))
            .withUserConfiguration(RedisClientConfiguration.class);

    @Test
    void clientBuiltFromSpringClusterNodesReadsFromMastersOfARealCluster() {
        assertThat(new Config().useClusterServers().getReadMode()).as("Redisson's own default").isEqualTo(ReadMode.SLAVE);
        try (LocalRedisCluster cluster = LocalRedisCluster.start(3)) {
            runner.withPropertyValues("spring.data.redis.cluster.nodes=" + cluster.nodeAddresses())
                    .run(context -> {
                        RedissonClient redisson = context.getBean(RedissonClient.class);
                        assertThat(redisson.getConfig().isClusterConfig()).isTrue();
                        assertThat(redisson.getConfig().useClusterServers().getReadMode()).isEqualTo(ReadMode.MASTER);

                        redisson.getBucket("tokenfence:probe:{s:01}", StringCodec.INSTANCE).set("written");
                        assertThat(redisson.<String>getBucket("tokenfence:probe:{s:01}", StringCodec.INSTANCE).get())
                                .isEqualTo("written");
                    });
        }
    }

    @Test
    void sentinelConfigurationThatAskedForReplicaReadsIsSwitchedToMasterReads() {
        Config config = new Config();
        config.useSentinelServers().setMasterName("tokenfence").addSentinelAddress("redis://127.0.0.1:26379")
                .setReadMode(ReadMode.SLAVE);

        new MasterReadsCustomizer().customize(config);

        assertThat(config.useSentinelServers().getReadMode()).isEqualTo(ReadMode.MASTER);
    }

    @Test
    void clusterConfigurationThatAskedForMixedReadsIsSwitchedToMasterReads() {
        Config config = new Config();
        config.useClusterServers().addNodeAddress("redis://127.0.0.1:7000").setReadMode(ReadMode.MASTER_SLAVE);

        new MasterReadsCustomizer().customize(config);

        assertThat(config.useClusterServers().getReadMode()).isEqualTo(ReadMode.MASTER);
        assertThat(config.useClusterServers().getNodeAddresses()).containsExactly("redis://127.0.0.1:7000");
    }

    @Test
    void singleServerConfigurationIsLeftAlone() {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:7000");

        new MasterReadsCustomizer().customize(config);

        assertThat(config.isSingleConfig()).isTrue();
        assertThat(config.isClusterConfig()).isFalse();
    }
}
