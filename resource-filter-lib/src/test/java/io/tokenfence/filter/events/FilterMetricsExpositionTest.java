package io.tokenfence.filter.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tokenfence.filter.blacklist.CaffeineBlacklist;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter's meters as Prometheus scrapes them: what the resource-server dashboard and alerts query. */
class FilterMetricsExpositionTest {

    @Test
    void propagationIsPublishedAsHistogramBucketsSoQuantilesAggregateAcrossInstances() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CaffeineBlacklist blacklist = new CaffeineBlacklist(Clock.systemUTC(), Ticker.systemTicker(), 100, registry);
        // Never started: the constructor registers every meter, which is all this test reads.
        new RevocationConsumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"), "unused",
                Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofMillis(500), new RevocationEventCodec(),
                blacklist, Clock.systemUTC(), registry);

        String scrape = registry.scrape();

        assertThat(scrape).contains("tokenfence_filter_revocation_propagation_seconds_bucket{le=\"1.0\"}");
        assertThat(scrape).contains("tokenfence_filter_revocation_propagation_seconds_bucket{le=\"+Inf\"}");
        assertThat(scrape).doesNotContain("tokenfence_filter_revocation_propagation_seconds{quantile");
        assertThat(scrape).contains("tokenfence_filter_consumer_staleness_seconds ");
        assertThat(scrape).contains("tokenfence_filter_consumer_caught_up ");
        assertThat(scrape).contains("tokenfence_filter_blacklist_size ");
    }
}
