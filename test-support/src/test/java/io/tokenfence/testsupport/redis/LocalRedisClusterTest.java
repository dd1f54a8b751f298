package io.tokenfence.testsupport.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRedisClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void threeMastersShareTheSlotsSoAKeyIsWrittenOnlyOnTheMasterOwningItsSlotAndAllStopOnClose() {
        List<RedisEndpoint> nodes;
        try (LocalRedisCluster cluster = LocalRedisCluster.start(3)) {
            nodes = cluster.nodes();
            assertThat(nodes).hasSize(3);
            for (RedisEndpoint node : nodes) {
                assertThat(LocalRedisCluster.clusterInfo(node))
                        .contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:3",
                                "cluster_size:3");
            }

            List<RedisEndpoint> accepted = new ArrayList<>();
            for (RedisEndpoint node : nodes) {
                try {
                    RedisCommands.call(node, TIMEOUT, "SET", "tokenfence:probe", "1");
                    accepted.add(node);
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessageContaining("MOVED");
                }
            }
            assertThat(accepted).hasSize(1);
            assertThat(cluster.nodeAddresses()).isEqualTo(nodes.get(0).host() + ":" + nodes.get(0).port() + ","
                    + nodes.get(1).host() + ":" + nodes.get(1).port() + ","
                    + nodes.get(2).host() + ":" + nodes.get(2).port());
        }
        for (RedisEndpoint node : nodes) {
            assertThatThrownBy(() -> RedisCommands.call(node, TIMEOUT, "PING"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void fewerThanThreeMastersIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> LocalRedisCluster.start(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 masters");
    }
}
