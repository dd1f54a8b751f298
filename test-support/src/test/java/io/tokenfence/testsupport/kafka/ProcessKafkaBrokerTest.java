package io.tokenfence.testsupport.kafka;

import java.nio.file.Path;

import io.tokenfence.testsupport.redis.RedisServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessKafkaBrokerTest {

    @Test
    void killedBrokerRestartsWithItsRecordsOnTheSamePort() throws Exception {
        ProcessKafkaBroker broker = ProcessKafkaBroker.start(RedisServers.freePort(), RedisServers.freePort(), null);
        try {
            broker.createTopic("survivors", 1);
            TopicRecords.writeOne(broker.bootstrapServers(), "survivors", "before the crash");

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            assertThat(TopicRecords.readAll(broker.bootstrapServers(), "survivors"))
                    .containsExactly("before the crash");
        } finally {
            broker.close();
        }
    }

    @Test
    void aBrokerStartedAgainInTheDirectoryOfAnEarlierRunKeepsItsRecords(@TempDir Path dir) throws Exception {
        ProcessKafkaBroker first = ProcessKafkaBroker.start(RedisServers.freePort(), RedisServers.freePort(), dir);
        try {
            first.createTopic("kept", 1);
            TopicRecords.writeOne(first.bootstrapServers(), "kept", "from the first run");
        } finally {
            first.close();
        }

        // A new run of the local stack: a new broker object, new ports, the same directory.
        ProcessKafkaBroker second = ProcessKafkaBroker.start(RedisServers.freePort(), RedisServers.freePort(), dir);
        try {
            assertThat(TopicRecords.readAll(second.bootstrapServers(), "kept")).containsExactly("from the first run");
        } finally {
            second.close();
        }
    }
}
