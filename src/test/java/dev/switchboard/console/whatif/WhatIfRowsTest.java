package dev.switchboard.console.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.replay.WhatIfResult.Difference;
import dev.switchboard.replay.WhatIfResult.Unit;
import org.junit.jupiter.api.Test;

/** Which way each figure is better, and the words and formats the window shows. */
class WhatIfRowsTest {
    private static WhatIfRows.Verdict v(String metric, Unit unit, double current, double proposed) {
        return WhatIfRows.verdict(new Difference(metric, unit, current, proposed));
    }

    @Test
    void moreHitsAndSavingAreBetterMoreCostFailuresAndLatencyWorse() {
        assertThat(v("hit_rate", Unit.SHARE, 0.5, 0.6)).isEqualTo(WhatIfRows.Verdict.BETTER);
        assertThat(v("hit_rate.l1", Unit.SHARE, 0.5, 0.4)).isEqualTo(WhatIfRows.Verdict.WORSE);
        assertThat(v("saved_usd", Unit.USD, 0.01, 0.02)).isEqualTo(WhatIfRows.Verdict.BETTER);
        assertThat(v("cost_usd", Unit.USD, 0.01, 0.02)).isEqualTo(WhatIfRows.Verdict.WORSE);
        assertThat(v("refused.plan_minute", Unit.COUNT, 3, 1)).isEqualTo(WhatIfRows.Verdict.BETTER);
        assertThat(v("failed.timed_out", Unit.COUNT, 0, 2)).isEqualTo(WhatIfRows.Verdict.WORSE);
        assertThat(v("latency_ms.p99", Unit.MS, 10, 9)).isEqualTo(WhatIfRows.Verdict.BETTER);
        assertThat(v("routed.gpt-4o", Unit.SHARE, 0.2, 0.5)).isEqualTo(WhatIfRows.Verdict.CHANGED);
        assertThat(v("cost_usd", Unit.USD, 0.01, 0.01)).isEqualTo(WhatIfRows.Verdict.SAME);
    }

    @Test
    void labelsAndFormats() {
        assertThat(WhatIfRows.label("hit_rate.l3")).isEqualTo("Hit rate L3");
        assertThat(WhatIfRows.label("refused.plan_minute")).isEqualTo("Refused: plan minute");
        assertThat(WhatIfRows.label("routed.gpt-4o-mini")).isEqualTo("Routed to gpt-4o-mini");
        Difference cost = new Difference("cost_usd", Unit.USD, 1234.5, 0.0123);
        assertThat(WhatIfRows.value(cost, cost.current())).isEqualTo("$1,234.50");
        assertThat(WhatIfRows.change(cost)).isEqualTo("-$1,234.49");
        Difference ms = new Difference("latency_ms.p50", Unit.MS, 0.027, 0.111);
        assertThat(WhatIfRows.change(ms)).isEqualTo("+0.084 ms");
        Difference share = new Difference("hit_rate", Unit.SHARE, 0.967, 0.018);
        assertThat(WhatIfRows.change(share)).isEqualTo("-94.9 pp");
    }
}
