package dev.switchboard.engine.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.PrometheusText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request-duration histogram: inclusive upper bounds, +Inf past 30 s, count and sum as written. */
class LatencyHistogramTest {
    @Test
    void bucketsAreInclusiveCumulativeAndCountEveryObservation() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        LatencyHistogram.Child c = h.child("L1", "gpt-4o-mini");
        c.observe(100_000);          // exactly 100 µs: the first bucket
        c.observe(100_001);          // just past it: the second
        c.observe(-5);               // a clock step back counts as 0
        c.observe(31_000_000_000L);  // past 30 s: +Inf only
        PrometheusRegistry r = new PrometheusRegistry();
        r.register(h);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, r.scrape());
        PrometheusText t = PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
        String[] l = {"served_by", "L1", "model", "gpt-4o-mini"};
        assertThat(t.value(LatencyHistogram.NAME + "_bucket", concat(l, "le", "1.0E-4"))).isEqualTo(2);
        assertThat(t.value(LatencyHistogram.NAME + "_bucket", concat(l, "le", "2.5E-4"))).isEqualTo(3);
        assertThat(t.value(LatencyHistogram.NAME + "_bucket", concat(l, "le", "30.0"))).isEqualTo(3);
        assertThat(t.value(LatencyHistogram.NAME + "_bucket", concat(l, "le", "+Inf"))).isEqualTo(4);
        assertThat(t.value(LatencyHistogram.NAME + "_count", l)).isEqualTo(4);
        assertThat(t.value(LatencyHistogram.NAME + "_sum", l)).isEqualTo(31.000200001);
        assertThat(t.types()).containsEntry(LatencyHistogram.NAME, "histogram");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
