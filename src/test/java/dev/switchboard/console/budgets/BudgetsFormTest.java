package dev.switchboard.console.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.budgets.BudgetsForm.PriceRow;
import dev.switchboard.console.budgets.BudgetsForm.UserRow;
import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.BudgetsConfig.UserBudget;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.testsupport.TestConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetsFormTest {
    @Test
    void validFieldsBuildTheBudgets() {
        BudgetsForm.Result r = BudgetsForm.check("500", "$10000.50", " 5.25 ", "", "75%", "100", "150 %",
                List.of(new UserRow("alice", "20", ""), new UserRow(" bob ", "", "0")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.budgets()).isEqualTo(new BudgetsConfig(500, 10000.5, new UserBudget(5.25, 0),
                Map.of("alice", new UserBudget(20, 0), "bob", UserBudget.NONE), 75, 100, 150));
    }

    @Test
    void emptyAndZeroMeanNoLimit() {
        BudgetsForm.Result r = BudgetsForm.check("", "0", "  ", "0.00", "80", "100", "120", List.of());
        assertThat(r.budgets()).isEqualTo(BudgetsConfig.NONE);
        assertThat(r.budgets().any()).isFalse();
    }

    @Test
    void everyBadFieldIsNamedBesideIt() {
        BudgetsForm.Result r = BudgetsForm.check("lots", "-5", "1e3", "NaN", "eighty", "0", "1001", List.of());
        assertThat(r.valid()).isFalse();
        assertThat(r.budgets()).isNull();
        assertThat(r.errors()).containsOnly(
                Map.entry(BudgetsForm.DAILY, "Daily budget: must be an amount in USD like 25.00, got 'lots'"),
                Map.entry(BudgetsForm.MONTHLY,
                        "Monthly budget: must be 0 (no limit) or a positive amount in USD, got '-5'"),
                Map.entry(BudgetsForm.USER_DAILY, "Daily per user: must be an amount in USD like 25.00, got '1e3'"),
                Map.entry(BudgetsForm.USER_MONTHLY, "Monthly per user: must be an amount in USD like 25.00, got 'NaN'"),
                Map.entry(BudgetsForm.ALERT, "Alert: must be a whole percentage like 80, got 'eighty'"),
                Map.entry(BudgetsForm.SOFT, "Soft limit: must be between 1% and 1000%, got 0%"),
                Map.entry(BudgetsForm.HARD, "Hard limit: must be between 1% and 1000%, got 1001%"));
    }

    @Test
    void thresholdsMustRise() {
        BudgetsForm.Result r = BudgetsForm.check("", "", "", "", "100", "100", "90", List.of());
        assertThat(r.errors()).containsOnly(
                Map.entry(BudgetsForm.ALERT, "Alert: must be below the soft limit (100%), got 100%"),
                Map.entry(BudgetsForm.SOFT, "Soft limit: must be below the hard limit (90%), got 100%"));
        assertThat(BudgetsForm.check("", "", "", "", "", "100", "120", List.of()).errors())
                .containsOnly(Map.entry(BudgetsForm.ALERT,
                        "Alert: required, a whole percentage of the budget like 80"));
    }

    @Test
    void badUserRowsAreNamedByRowAndColumn() {
        BudgetsForm.Result r = BudgetsForm.check("", "", "", "", "80", "100", "120", List.of(
                new UserRow("alice", "lots", ""),
                new UserRow("", "1", "2"),
                new UserRow("bob", "1", "2"),
                new UserRow("bob", "3", "4"),
                new UserRow("al ice", "1", "")));
        assertThat(r.errors()).containsOnlyKeys(BudgetsForm.USERS);
        assertThat(r.errors().get(BudgetsForm.USERS).split("\n")).containsExactly(
                "Users, row 1 (alice), daily: must be an amount in USD like 25.00, got 'lots'",
                "Users, row 2, user: a user name is required",
                "Users, row 4 (bob), user: 'bob' is listed twice",
                "Users, row 5 (al ice), user: must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or"
                        + " digit), got 'al ice'");
    }

    @Test
    void pricesAreCheckedAndAppliedToTheirModels() {
        SwitchboardConfig base = TestConfigs.l1Only();
        BudgetsForm.PricesResult r = BudgetsForm.checkPrices(List.of(new PriceRow("gpt-4o-mini", "0.2", "$0.8"),
                new PriceRow("gpt-4o", "2.50", "10"), new PriceRow("gone-model", "1", "1")));
        assertThat(r.errors()).isEmpty();
        SwitchboardConfig next = r.applyTo(base);
        assertThat(next.models().get("gpt-4o-mini").inputPer1M()).isEqualTo(0.2);
        assertThat(next.models().get("gpt-4o-mini").outputPer1M()).isEqualTo(0.8);
        assertThat(next.models().get("gpt-4o")).isEqualTo(base.models().get("gpt-4o"));
        assertThat(next.models()).doesNotContainKey("gone-model");

        BudgetsForm.PricesResult bad = BudgetsForm.checkPrices(List.of(new PriceRow("gpt-4o-mini", "-1", "cheap"),
                new PriceRow("gpt-4o", "", "0")));
        assertThat(bad.valid()).isFalse();
        assertThat(bad.errors().get(BudgetsForm.PRICES).split("\n")).containsExactly(
                "gpt-4o-mini, input: must not be negative, got '-1'",
                "gpt-4o-mini, output: must be USD per 1M tokens like 2.50, got 'cheap'",
                "gpt-4o, input: a price is required (USD per 1M tokens, 0 for free)");
    }

    @Test
    void amountsAreShownAsTyped() {
        assertThat(BudgetsForm.formatLimit(0)).isEmpty();
        assertThat(BudgetsForm.formatLimit(25)).isEqualTo("25.00");
        assertThat(BudgetsForm.formatPrice(0)).isEqualTo("0.00");
        assertThat(BudgetsForm.formatPrice(2.5)).isEqualTo("2.50");
        assertThat(BudgetsForm.formatPrice(0.075)).isEqualTo("0.075");
        assertThat(Double.parseDouble(BudgetsForm.formatPrice(0.1 + 0.2))).isEqualTo(0.1 + 0.2);
    }
}
