package io.tokenfence.auth.testing;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenfence.auth.AuthServiceApplication;
import io.tokenfence.testsupport.junit.RealServices;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.junit.jupiter.api.BeforeEach;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The auth service on a random port against a real Redis of this test class's own and the shared real Kafka broker
 * (a topic per test class; see {@link RealServices}), with the
 * dev users, rate limits off (tests that need them turn them on) and a {@link MutableClock}.
 */
@RealServices
@SpringBootTest(classes = AuthServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tokenfence.auth.rate-limits.enabled=false", "logging.level.io.tokenfence=info"})
@ActiveProfiles("dev-users")
@DirtiesContext
@Import(AuthServiceTestBase.TestClock.class)
public abstract class AuthServiceTestBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected RedissonClient redisson;

    @Autowired
    protected MeterRegistry meters;

    protected AuthClient api;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> RealServicesExtension.redis().host());
        registry.add("spring.data.redis.port", () -> RealServicesExtension.redis().port());
        registry.add("spring.kafka.bootstrap-servers", RealServicesExtension::kafka);
        registry.add("tokenfence.auth.revocations.topic", RealServicesExtension::kafkaTopic);
    }

    @BeforeEach
    void setUpClient() {
        clock.reset();
        api = new AuthClient(port);
    }

    protected double counter(String name, String tagKey, String tagValue) {
        var counter = meters.find(name).tag(tagKey, tagValue).counter();
        return counter == null ? 0 : counter.count();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    /** For subclasses that want the plain type. */
    protected Clock clock() {
        return clock;
    }
}
