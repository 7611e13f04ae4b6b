package dev.karuta.ws;

import dev.karuta.swarm.redis.RedisTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link WsTwoNodesTest}'s scenarios on a 3-master Redis Cluster this test starts itself: a swarm's keys
 * sit on its info_hash's slot, and a node's channel is reached from any shard. Needs {@code redis-server}.
 */
class WsTwoNodesClusterTest extends WsTwoNodesTest {
    private static RedisTestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisTestCluster.start(3);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    String redis() {
        return cluster.uri();
    }
}
