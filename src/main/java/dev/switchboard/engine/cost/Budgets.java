package dev.switchboard.engine.cost;

import dev.switchboard.engine.config.BudgetsConfig;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets against spend: the check on the request path, and the alerts raised when a threshold is crossed. The
 * config is read on every check, so edited limits and thresholds apply to the next request.
 */
public final class Budgets {
    private static final Logger LOG = LoggerFactory.getLogger(Budgets.class);
    private static final long DAY_MILLIS = 86_400_000L;
    private static final int KEEP_ALERTS = 50;

    private final Supplier<BudgetsConfig> config;
    private final SpendBook book;
    private final InstantSource clock;
    /** The highest level already announced per budget and period, so each crossing is announced once. */
    private final Map<String, BudgetLevel> announced = new HashMap<>();
    private final ArrayDeque<BudgetAlert> alerts = new ArrayDeque<>();
    private long alertSeq;

    Budgets(Supplier<BudgetsConfig> config, SpendBook book, InstantSource clock) {
        this.config = config;
        this.book = book;
        this.clock = clock;
    }

    /** The highest-standing budget for a call by {@code user} now. Lock-free; no I/O. */
    public BudgetCheck check(String user) {
        BudgetsConfig c = config.get();
        if (!c.any()) {
            return BudgetCheck.OK;
        }
        long now = clock.millis();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(now, DAY_MILLIS));
        BudgetCheck worst = BudgetCheck.OK;
        BudgetsConfig.UserBudget ub = c.forUser(user);
        for (SpendKey.Period p : SpendKey.Period.values()) {
            long global = Micros.fromUsd(p == SpendKey.Period.DAY ? c.daily() : c.monthly());
            worst = worse(worst, c, SpendKey.all(p, day), global, now);
            if (user != null) {
                long own = Micros.fromUsd(p == SpendKey.Period.DAY ? ub.daily() : ub.monthly());
                worst = worse(worst, c, SpendKey.user(p, day, user), own, now);
            }
        }
        return worst;
    }

    /** What {@code user} (all traffic for null) spent today and this month, and its budgets. Lock-free; no I/O. */
    public Spend spendOf(String user) {
        BudgetsConfig c = config.get();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(clock.millis(), DAY_MILLIS));
        if (user == null) {
            return new Spend(null, book.spent(SpendKey.all(SpendKey.Period.DAY, day)), Micros.fromUsd(c.daily()),
                    book.spent(SpendKey.all(SpendKey.Period.MONTH, day)), Micros.fromUsd(c.monthly()));
        }
        BudgetsConfig.UserBudget ub = c.forUser(user);
        return new Spend(user, book.spent(SpendKey.user(SpendKey.Period.DAY, day, user)), Micros.fromUsd(ub.daily()),
                book.spent(SpendKey.user(SpendKey.Period.MONTH, day, user)), Micros.fromUsd(ub.monthly()));
    }

    /**
     * {@code user}'s spend this UTC month against a monthly limit kept outside the config (a gateway key's budget):
     * HARD once the spend reached the limit, else OK. Lock-free; no I/O.
     *
     * @param budget the budget in words, "monthly budget of key sb-3fA9c1x"
     */
    public BudgetCheck monthAgainst(String user, long limitMicros, String budget) {
        long now = clock.millis();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(now, DAY_MILLIS));
        SpendKey key = SpendKey.user(SpendKey.Period.MONTH, day, user);
        long spent = book.spent(key);
        BudgetLevel level = spent >= limitMicros ? BudgetLevel.HARD : BudgetLevel.OK;
        return new BudgetCheck(level, budget, spent, limitMicros, resetsIn(key, now));
    }

    /** The budget with the larger share spent; the level follows from the share. */
    private BudgetCheck worse(BudgetCheck sofar, BudgetsConfig c, SpendKey key, long limit, long now) {
        if (limit <= 0) {
            return sofar;
        }
        long spent = book.spent(key);
        // spent / limit <= the share so far, cross-multiplied to stay exact
        if (sofar.limitMicros() > 0
                && times(spent, sofar.limitMicros()).compareTo(times(sofar.spentMicros(), limit)) <= 0) {
            return sofar;
        }
        return new BudgetCheck(level(c, spent, limit), describe(key), spent, limit, resetsIn(key, now));
    }

    /** The level {@code spent} of {@code limit} stands at: exact in micro-dollars, a threshold reached counts. */
    static BudgetLevel level(BudgetsConfig c, long spent, long limit) {
        if (reached(spent, limit, c.hardPercent())) {
            return BudgetLevel.HARD;
        }
        if (reached(spent, limit, c.softPercent())) {
            return BudgetLevel.SOFT;
        }
        return reached(spent, limit, c.alertPercent()) ? BudgetLevel.ALERT : BudgetLevel.OK;
    }

    /** {@code 100 * spent >= percent * limit}, without overflow whatever the amounts. */
    private static boolean reached(long spent, long limit, int percent) {
        return times(spent, 100).compareTo(times(limit, percent)) >= 0;
    }

    private static BigInteger times(long a, long b) {
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
    }

    private static String describe(SpendKey k) {
        String period = k.period() == SpendKey.Period.DAY ? "daily budget" : "monthly budget";
        return k.scope() == SpendKey.Scope.USER ? period + " for user " + k.name() : period;
    }

    private static Duration resetsIn(SpendKey k, long now) {
        Instant end = k.period().next(k.periodStart()).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.ofMillis(Math.max(0, end.toEpochMilli() - now));
    }

    /**
     * Looks at every budget with spend against it and announces thresholds newly crossed: a WARN line in the log
     * and an alert in the snapshot. Runs on the ledger's thread after each refresh.
     */
    void evaluate() {
        BudgetsConfig c = config.get();
        if (!c.any()) {
            return;
        }
        long now = clock.millis();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(now, DAY_MILLIS));
        List<SpendKey> keys = new ArrayList<>();
        for (SpendKey.Period p : SpendKey.Period.values()) {
            keys.add(SpendKey.all(p, day));
        }
        for (SpendKey k : book.committed().keySet()) {
            if (k.scope() == SpendKey.Scope.USER && k.periodStart().equals(k.period().startOf(day))) {
                keys.add(k);
            }
        }
        for (SpendKey k : keys) {
            long limit = limitFor(c, k);
            if (limit <= 0) {
                continue;
            }
            long spent = book.spent(k);
            BudgetLevel level = level(c, spent, limit);
            String id = k.period() + "/" + k.periodStart() + "/" + k.scope() + "/" + k.name();
            BudgetLevel before = announced.getOrDefault(id, BudgetLevel.OK);
            if (level.compareTo(before) > 0) {
                announced.put(id, level);
                announce(now, level, new BudgetCheck(level, describe(k), spent, limit, resetsIn(k, now)), c);
            }
        }
        announced.keySet().removeIf(id -> !id.contains("/" + day.withDayOfMonth(1).toString().substring(0, 7)));
    }

    private static long limitFor(BudgetsConfig c, SpendKey k) {
        boolean daily = k.period() == SpendKey.Period.DAY;
        if (k.scope() == SpendKey.Scope.ALL_TRAFFIC) {
            return Micros.fromUsd(daily ? c.daily() : c.monthly());
        }
        BudgetsConfig.UserBudget ub = c.forUser(k.name());
        return Micros.fromUsd(daily ? ub.daily() : ub.monthly());
    }

    private void announce(long now, BudgetLevel level, BudgetCheck check, BudgetsConfig c) {
        String what = switch (level) {
            case ALERT -> "past the alert threshold (" + c.alertPercent() + "%)";
            case SOFT -> "past the soft limit (" + c.softPercent() + "%): calls go to the cheapest model in their chain";
            case HARD -> "past the hard limit (" + c.hardPercent() + "%): calls that cost money are refused";
            case OK -> "";
        };
        String message = check.describe() + ", " + what;
        LOG.warn("budget {}", message);
        synchronized (alerts) {
            alerts.addLast(new BudgetAlert(++alertSeq, now, level, check.budget(), message));
            while (alerts.size() > KEEP_ALERTS) {
                alerts.removeFirst();
            }
        }
    }

    /** The latest alerts, oldest first. */
    public List<BudgetAlert> alerts() {
        synchronized (alerts) {
            return List.copyOf(alerts);
        }
    }

    /** Spend against the global budgets and the biggest spenders today, for the console. */
    BudgetsSnapshot snapshot() {
        BudgetsConfig c = config.get();
        long now = clock.millis();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(now, DAY_MILLIS));
        long today = book.spent(SpendKey.all(SpendKey.Period.DAY, day));
        long month = book.spent(SpendKey.all(SpendKey.Period.MONTH, day));
        return new BudgetsSnapshot(day, today, Micros.fromUsd(c.daily()), month, Micros.fromUsd(c.monthly()),
                c.alertPercent(), c.softPercent(),
                c.hardPercent(), top(SpendKey.Scope.USER, day), top(SpendKey.Scope.MODEL, day), alerts());
    }

    private List<BudgetsSnapshot.Spender> top(SpendKey.Scope scope, LocalDate day) {
        Map<String, Long> byName = new HashMap<>();
        for (Map.Entry<SpendKey, Long> e : book.committed().entrySet()) {
            SpendKey k = e.getKey();
            if (k.scope() == scope && k.period() == SpendKey.Period.DAY && k.periodStart().equals(day)) {
                byName.merge(k.name(), e.getValue(), Long::sum);
            }
        }
        if (scope == SpendKey.Scope.USER) {
            // This instance's spend not yet in SQL counts too, so the list moves as requests are answered.
            for (String u : List.copyOf(byName.keySet())) {
                byName.put(u, book.spent(SpendKey.user(SpendKey.Period.DAY, day, u)));
            }
        }
        return byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(BudgetsSnapshot.TOP)
                .map(e -> new BudgetsSnapshot.Spender(e.getKey(), e.getValue()))
                .toList();
    }
}
