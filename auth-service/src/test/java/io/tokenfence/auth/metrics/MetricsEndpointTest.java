package io.tokenfence.auth.metrics;

import java.time.Duration;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.TimeGauge;
import io.tokenfence.auth.keys.KeyRingSource;
import io.tokenfence.auth.keys.RedisKeyRingStore;
import io.tokenfence.auth.testing.ApiResponse;
import io.tokenfence.auth.testing.AuthClient.Tokens;
import io.tokenfence.auth.testing.AuthServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the dashboards and alerts read from {@code /actuator/prometheus}. */
class MetricsEndpointTest extends AuthServiceTestBase {

    @Autowired
    private KeyRingSource keys;

    @Test
    void signingKeyAgeGrowsWithTimeAndRestartsWhenTheSuccessorStartsSigning() {
        api.loginOk("alice", "alice-password"); // the first key exists at the latest after the first signature
        double atStart = signingKeyAge();

        clock.advance(Duration.ofHours(2));
        assertThat(signingKeyAge()).isCloseTo(atStart + 7200, within(5.0));

        ((RedisKeyRingStore) keys).rotateNow();
        // Published ahead (10 minutes by default): the old key still signs and keeps ageing...
        assertThat(signingKeyAge()).isCloseTo(atStart + 7200, within(5.0));
        // ...and once the successor signs, the age counts from its activation.
        clock.advance(Duration.ofMinutes(11));
        assertThat(signingKeyAge()).isCloseTo(60, within(5.0));
    }

    @Test
    void prometheusEndpointPublishesKeyAgeAndHistogramBucketsTaggedWithTheApplication() {
        Tokens login = api.loginOk("alice", "alice-password");
        assertThat(api.refresh(login.refreshToken()).status()).isEqualTo(200);

        ApiResponse scrape = api.get("/actuator/prometheus", null);

        assertThat(scrape.status()).isEqualTo(200);
        String body = scrape.body();
        assertThat(body).containsPattern(series("tokenfence_keys_signing_age_seconds"));
        // histogram_quantile needs _bucket series; client-side percentiles would not aggregate across instances.
        assertThat(body).containsPattern(series("tokenfence_refresh_duration_seconds_bucket"));
        assertThat(body).containsPattern(series("tokenfence_refresh_lock_wait_seconds_bucket"));
        assertThat(body).containsPattern(series("tokenfence_revocation_publish_latency_seconds_bucket"));
        assertThat(body).containsPattern(series("tokenfence_refresh_total"));
        assertThat(body).doesNotContain("tokenfence_refresh_duration_seconds{quantile");
    }

    private static Pattern series(String name) {
        return Pattern.compile("(?m)^" + name + "\\{[^}]*application=\"auth-service\"[^}]*} ");
    }

    private double signingKeyAge() {
        TimeGauge gauge = meters.get(SigningKeyAge.METER).timeGauge();
        return gauge.value(java.util.concurrent.TimeUnit.SECONDS);
    }
}
