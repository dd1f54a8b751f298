package io.tokenfence.auth.storage;

import io.tokenfence.testsupport.junit.RealServices;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis client's event loop is sized to the machine, not to Redisson's default of 32 threads. */
@RealServices
class RedisIoThreadsCustomizerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class))
            .withUserConfiguration(RedisClientConfiguration.class)
            .withPropertyValues("spring.data.redis.host=" + RealServicesExtension.redis().host(),
                    "spring.data.redis.port=" + RealServicesExtension.redis().port());

    @Test
    void clientUsesOneEventLoopThreadPerProcessorByDefaultAndWorks() {
        assertThat(new Config().getNettyThreads()).as("Redisson's own default").isEqualTo(32);
        runner.run(context -> {
            RedissonClient redisson = context.getBean(RedissonClient.class);
            assertThat(redisson.getConfig().getNettyThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());

            redisson.getBucket("tokenfence:probe:io-threads", StringCodec.INSTANCE).set("written");
            assertThat(redisson.<String>getBucket("tokenfence:probe:io-threads", StringCodec.INSTANCE).getAndDelete())
                    .isEqualTo("written");
        });
    }

    @Test
    void configuredThreadCountWins() {
        runner.withPropertyValues("tokenfence.auth.redis.io-threads=3").run(context ->
                assertThat(context.getBean(RedissonClient.class).getConfig().getNettyThreads()).isEqualTo(3));
    }

    @Test
    void negativeThreadCountFailsStartWithTheProperty() {
        runner.withPropertyValues("tokenfence.auth.redis.io-threads=-1").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("tokenfence.auth.redis.io-threads must be 0 (one per processor) or more"));
    }
}
