package dev.switchboard.engine.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.PrivateDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one PostgreSQL, each with its own journal: what one spends counts against the other's budget
 * once it is in the database (a batch plus a refresh, about a second). The database is the test's own, so its
 * migrations never touch the shared test database.
 */
class SharedBudgetsIT {
    @TempDir
    Path dir;

    @Test
    void spendOnOneInstanceCountsAgainstTheBudgetOnAnother() throws Exception {
        try (PrivateDatabase db = PrivateDatabase.create("sb_budgets")) {
            spendIsShared(db);
        }
    }

    private void spendIsShared(PrivateDatabase db) {
        String user = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        BudgetsConfig budgets = BudgetsConfig.NONE.withUsers(Map.of(user, new BudgetsConfig.UserBudget(1.00, 0)));
        try (Ledger a = Ledger.open(config(db, "a"), () -> budgets, InstantSource.system());
             Ledger b = Ledger.open(config(db, "b"), () -> budgets, InstantSource.system())) {
            for (int i = 0; i < 9; i++) {
                a.record(new CostEvent(System.currentTimeMillis(), user, "pro", "default", "gpt-4o", "gpt-4o",
                        ServedBy.PROVIDER, 1_000, 500, 100_000, 0, 250_000));
            }
            // A knows at once what it spent itself; B learns it from the database.
            assertThat(a.budgets().check(user).level()).isEqualTo(BudgetLevel.ALERT);
            Await.until(Duration.ofSeconds(10), "B to see A's spend",
                    () -> b.budgets().check(user).level() == BudgetLevel.ALERT);
            assertThat(b.budgets().check(user).spentMicros()).isEqualTo(900_000);

            for (int i = 0; i < 4; i++) {
                b.record(new CostEvent(System.currentTimeMillis(), user, "pro", "default", "gpt-4o", "gpt-4o",
                        ServedBy.PROVIDER, 1_000, 500, 100_000, 0, 250_000));
            }
            Await.until(Duration.ofSeconds(10), "A to see B's spend push the user past the hard limit",
                    () -> a.budgets().check(user).level() == BudgetLevel.HARD);
            BudgetCheck check = a.budgets().check(user);
            assertThat(check.budget()).isEqualTo("daily budget for user " + user);
            assertThat(check.spentMicros()).isEqualTo(1_300_000);
        }
    }

    private LedgerConfig config(PrivateDatabase db, String instance) {
        return new LedgerConfig(true, db.url(), db.user(), null,
                dir.resolve(instance), 500, Duration.ofMillis(50));
    }
}
