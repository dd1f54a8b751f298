package io.tokenfence.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlSelectorsTest {

    @Test
    void aggregationsFunctionsAndGroupingLabelsAreNotSelectors() {
        assertThat(PromQlSelectors.of("""
                histogram_quantile(0.99,
                  sum by (job, le) (rate(tokenfence_filter_revocation_propagation_seconds_bucket[5m]))) > 1"""))
                .containsExactly("tokenfence_filter_revocation_propagation_seconds_bucket");
    }

    @Test
    void labelMatchersStayWithTheirMetricAndStringsMayHoldBraces() {
        assertThat(PromQlSelectors.of("sum by (job) (rate(tokenfence_refresh_total{outcome=~\"expired|invalid\"}[5m]))"
                + " / sum by (job) (rate(tokenfence_refresh_total[5m])) > 0.2"))
                .containsExactly("tokenfence_refresh_total{outcome=~\"expired|invalid\"}", "tokenfence_refresh_total");
        assertThat(PromQlSelectors.of("up{job=\"a}b\"} == 0")).containsExactly("up{job=\"a}b\"}");
    }

    @Test
    void numbersDurationsAndOperatorsAreSkipped() {
        assertThat(PromQlSelectors.of("tokenfence_keys_signing_age_seconds > 8 * 86400 and on (instance) up offset 5m"))
                .containsExactly("tokenfence_keys_signing_age_seconds", "up");
        assertThat(PromQlSelectors.of("min_over_time(tokenfence_revocation_outbox_backlog[10m]) > 1e3"))
                .containsExactly("tokenfence_revocation_outbox_backlog");
        assertThat(PromQlSelectors.of("{__name__=\"up\"} == bool 1")).containsExactly("{__name__=\"up\"}");
    }
}
