package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Routing tab's threshold curve from a workload: the cheap stage answers less as the threshold rises. */
class SweepCurveTest {
    @TempDir
    Path dir;

    @Test
    void theCheapStageAnswersLessAsTheThresholdRises() throws Exception {
        SwitchboardConfig cfg = new ConfigLoader().load(Path.of("sample-configs/routing.yaml"));
        Path w = dir.resolve("w.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append("{\"at_ms\":").append(i * 100).append(",\"model\":\"cheap-first\",\"prompt\":\"Explain step "
                    + "by step why the sum of two odd numbers is even, case ").append(i).append("\"}\n");
        }
        Files.writeString(w, sb);
        AtomicReference<Double> last = new AtomicReference<>(0.0);
        List<ThresholdCurve.Row> rows = new SweepCurve().compute(cfg, "cheap-first", w, last::set);
        assertThat(rows).hasSize(10);
        assertThat(last.get()).isEqualTo(1.0);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).cheapShare()).isLessThanOrEqualTo(rows.get(i - 1).cheapShare());
        }
        assertThat(rows.get(0).cheapShare()).isGreaterThan(rows.get(9).cheapShare());
        assertThat(rows).allSatisfy(r -> assertThat(r.accuracy()).isBetween(0.0, 1.0));
        assertThat(rows).allSatisfy(r -> assertThat(r.costPerWeekUsd()).isPositive());
    }

    @Test
    void anEmptyWorkloadIsRefusedWithItsName() throws Exception {
        SwitchboardConfig cfg = new ConfigLoader().load(Path.of("sample-configs/routing.yaml"));
        Path w = dir.resolve("empty.jsonl");
        Files.writeString(w, "not json\n");
        assertThatThrownBy(() -> new SweepCurve().compute(cfg, "cheap-first", w, p -> { }))
                .hasMessageContaining("empty.jsonl: no usable lines");
    }
}
