package dev.switchboard.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spending limits in USD per UTC day and month: for all traffic, for every user by default, and for named users.
 * Zero means "no limit". Crossing {@code alertPercent} of a budget raises an alert, {@code softPercent} routes calls
 * to the cheapest model in their chain, {@code hardPercent} refuses calls that would cost money.
 *
 * @param users budgets for named users, replacing the per-user default for them
 */
public record BudgetsConfig(double daily, double monthly, UserBudget perUser, Map<String, UserBudget> users,
                            int alertPercent, int softPercent, int hardPercent) {
    public static final BudgetsConfig NONE = new BudgetsConfig(0, 0, UserBudget.NONE, Map.of(), 80, 100, 120);

    /** One user's limits; zero means none. */
    public record UserBudget(double daily, double monthly) {
        public static final UserBudget NONE = new UserBudget(0, 0);

        public UserBudget {
            Check.nonNegative("budgets.per_user.daily", daily);
            Check.nonNegative("budgets.per_user.monthly", monthly);
        }
    }

    public BudgetsConfig {
        Check.nonNegative("budgets.daily", daily);
        Check.nonNegative("budgets.monthly", monthly);
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        users.keySet().forEach(u -> Check.key("budgets.users", u));
        percent("budgets.thresholds.alert", alertPercent);
        percent("budgets.thresholds.soft", softPercent);
        percent("budgets.thresholds.hard", hardPercent);
        if (alertPercent >= softPercent) {
            throw new ConfigException(null, "budgets.thresholds.alert",
                    "must be below the soft limit (" + softPercent + "%), got " + alertPercent + "%");
        }
        if (softPercent >= hardPercent) {
            throw new ConfigException(null, "budgets.thresholds.soft",
                    "must be below the hard limit (" + hardPercent + "%), got " + softPercent + "%");
        }
    }

    private static void percent(String field, int p) {
        if (p < 1 || p > 1000) {
            throw new ConfigException(null, field, "must be between 1% and 1000%, got " + p + "%");
        }
    }

    /** The limits that apply to {@code user}: their own, or the per-user default. */
    public UserBudget forUser(String user) {
        return user == null ? perUser : users.getOrDefault(user, perUser);
    }

    /** True when any limit is set; with none, the request path skips budget checks entirely. */
    public boolean any() {
        return daily > 0 || monthly > 0 || perUser.daily() > 0 || perUser.monthly() > 0
                || users.values().stream().anyMatch(u -> u.daily() > 0 || u.monthly() > 0);
    }

    public BudgetsConfig withGlobal(double newDaily, double newMonthly) {
        return new BudgetsConfig(newDaily, newMonthly, perUser, users, alertPercent, softPercent, hardPercent);
    }

    public BudgetsConfig withPerUser(UserBudget u) {
        return new BudgetsConfig(daily, monthly, u, users, alertPercent, softPercent, hardPercent);
    }

    public BudgetsConfig withUsers(Map<String, UserBudget> u) {
        return new BudgetsConfig(daily, monthly, perUser, u, alertPercent, softPercent, hardPercent);
    }

    public BudgetsConfig withThresholds(int alert, int soft, int hard) {
        return new BudgetsConfig(daily, monthly, perUser, users, alert, soft, hard);
    }
}
