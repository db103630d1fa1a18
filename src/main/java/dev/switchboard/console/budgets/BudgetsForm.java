package dev.switchboard.console.budgets;

import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.BudgetsConfig.UserBudget;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Budgets tab's logic, free of JavaFX, so every rule is unit-tested: reads the typed budgets, thresholds and
 * model prices, says what is wrong next to the field it concerns (naming the field and the reason), and builds
 * what to apply. Amounts are USD, written {@code 25}, {@code 25.00} or {@code $25.00}; empty or 0 means no limit.
 */
public final class BudgetsForm {
    public static final String DAILY = "daily";
    public static final String MONTHLY = "monthly";
    public static final String USER_DAILY = "per_user.daily";
    public static final String USER_MONTHLY = "per_user.monthly";
    public static final String ALERT = "alert";
    public static final String SOFT = "soft";
    public static final String HARD = "hard";
    /** The named users' table: one line per problem. */
    public static final String USERS = "users";
    /** The price table: one line per problem. */
    public static final String PRICES = "prices";

    /** Digits with an optional fraction and dollar sign; no exponents, hex or "NaN" as Double.parseDouble takes. */
    private static final Pattern AMOUNT = Pattern.compile("\\$?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern PERCENT = Pattern.compile("\\d{1,9}\\s*%?");

    private BudgetsForm() {
    }

    /** One row of the named users' table, as typed. */
    public record UserRow(String user, String daily, String monthly) {
    }

    /** One row of the price table, as typed; the model is not editable. */
    public record PriceRow(String model, String input, String output) {
    }

    /** A model's price in USD per million tokens. */
    public record Price(double input, double output) {
    }

    /**
     * @param errors  field id (the constants above) to message; empty when the form can be applied
     * @param budgets the budgets to apply, or null when there are errors
     */
    public record Result(Map<String, String> errors, BudgetsConfig budgets) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param errors {@link #PRICES} to the problems, one a line; empty when the prices can be applied
     * @param prices model name to its new price, in table order, or null when there are errors
     */
    public record PricesResult(Map<String, String> errors, Map<String, Price> prices) {
        public boolean valid() {
            return errors.isEmpty();
        }

        /** {@code base} with these prices; models no longer in {@code base} are skipped. */
        public SwitchboardConfig applyTo(SwitchboardConfig base) {
            SwitchboardConfig c = base;
            for (Map.Entry<String, Price> e : prices.entrySet()) {
                ModelConfig m = c.models().get(e.getKey());
                if (m != null) {
                    c = c.withModel(m.withPrices(e.getValue().input(), e.getValue().output()));
                }
            }
            return c;
        }
    }

    public static Result check(String daily, String monthly, String userDaily, String userMonthly, String alert,
                               String soft, String hard, List<UserRow> users) {
        Map<String, String> errors = new LinkedHashMap<>();
        double d = amount(errors, DAILY, "Daily budget", daily);
        double m = amount(errors, MONTHLY, "Monthly budget", monthly);
        double ud = amount(errors, USER_DAILY, "Daily per user", userDaily);
        double um = amount(errors, USER_MONTHLY, "Monthly per user", userMonthly);
        Integer a = percent(errors, ALERT, "Alert", alert);
        Integer s = percent(errors, SOFT, "Soft limit", soft);
        Integer h = percent(errors, HARD, "Hard limit", hard);
        if (a != null && s != null && a >= s) {
            errors.put(ALERT, "Alert: must be below the soft limit (" + s + "%), got " + a + "%");
        }
        if (s != null && h != null && s >= h) {
            errors.put(SOFT, "Soft limit: must be below the hard limit (" + h + "%), got " + s + "%");
        }
        List<String> userErrors = new ArrayList<>();
        Map<String, UserBudget> named = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            UserRow r = users.get(i);
            String name = r.user() == null ? "" : r.user().strip();
            String where = "Users, row " + (i + 1) + (name.isEmpty() ? "" : " (" + name + ")");
            Map<String, String> cell = new LinkedHashMap<>();
            double rd = amount(cell, "daily", where + ", daily", r.daily());
            double rm = amount(cell, "monthly", where + ", monthly", r.monthly());
            userErrors.addAll(cell.values());
            if (name.isEmpty()) {
                userErrors.add(where + ", user: a user name is required");
            } else if (named.containsKey(name)) {
                userErrors.add(where + ", user: '" + name + "' is listed twice");
            } else if (badName(name) != null) {
                userErrors.add(where + ", user: " + badName(name));
            } else if (cell.isEmpty()) {
                named.put(name, new UserBudget(rd, rm));
            }
        }
        if (!userErrors.isEmpty()) {
            errors.put(USERS, String.join("\n", userErrors));
        }
        if (!errors.isEmpty()) {
            return new Result(Map.copyOf(errors), null);
        }
        try {
            return new Result(Map.of(), new BudgetsConfig(d, m, new UserBudget(ud, um), named, a, s, h));
        } catch (ConfigException e) {
            // The record's own rules (user names, percent range): shown where the field is.
            return new Result(Map.of(field(e.field()), label(e.field()) + ": " + e.reason()), null);
        }
    }

    public static PricesResult checkPrices(List<PriceRow> rows) {
        List<String> problems = new ArrayList<>();
        Map<String, Price> prices = new LinkedHashMap<>();
        for (PriceRow r : rows) {
            Map<String, String> cell = new LinkedHashMap<>();
            double in = price(cell, "input", r.model() + ", input", r.input());
            double out = price(cell, "output", r.model() + ", output", r.output());
            problems.addAll(cell.values());
            if (cell.isEmpty()) {
                prices.put(r.model(), new Price(in, out));
            }
        }
        if (!problems.isEmpty()) {
            return new PricesResult(Map.of(PRICES, String.join("\n", problems)), null);
        }
        return new PricesResult(Map.of(), prices);
    }

    /** An amount as the editor shows it: empty for 0 (no limit), cents for whole cents, else every digit. */
    public static String formatLimit(double usd) {
        return usd == 0 ? "" : formatPrice(usd);
    }

    /** A price as the editor shows it: {@code 2.50}, {@code 0.15}, or every digit when finer than cents. */
    public static String formatPrice(double usd) {
        BigDecimal v = BigDecimal.valueOf(usd).stripTrailingZeros();
        return v.scale() <= 2 ? String.format(Locale.ROOT, "%.2f", usd) : v.toPlainString();
    }

    private static double amount(Map<String, String> errors, String field, String label, String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return 0;
        }
        if (s.startsWith("-") && AMOUNT.matcher(s.substring(1)).matches()) {
            errors.put(field, label + ": must be 0 (no limit) or a positive amount in USD, got '" + s + "'");
            return 0;
        }
        if (!AMOUNT.matcher(s).matches()) {
            errors.put(field, label + ": must be an amount in USD like 25.00, got '" + s + "'");
            return 0;
        }
        return Double.parseDouble(s.startsWith("$") ? s.substring(1) : s);
    }

    private static double price(Map<String, String> errors, String field, String label, String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            errors.put(field, label + ": a price is required (USD per 1M tokens, 0 for free)");
            return 0;
        }
        if (s.startsWith("-") && AMOUNT.matcher(s.substring(1)).matches()) {
            errors.put(field, label + ": must not be negative, got '" + s + "'");
            return 0;
        }
        if (!AMOUNT.matcher(s).matches()) {
            errors.put(field, label + ": must be USD per 1M tokens like 2.50, got '" + s + "'");
            return 0;
        }
        return Double.parseDouble(s.startsWith("$") ? s.substring(1) : s);
    }

    private static Integer percent(Map<String, String> errors, String field, String label, String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            errors.put(field, label + ": required, a whole percentage of the budget like 80");
            return null;
        }
        if (!PERCENT.matcher(s).matches()) {
            errors.put(field, label + ": must be a whole percentage like 80, got '" + s + "'");
            return null;
        }
        int p = Integer.parseInt(s.replace("%", "").strip());
        if (p < 1 || p > 1000) {
            errors.put(field, label + ": must be between 1% and 1000%, got " + p + "%");
            return null;
        }
        return p;
    }

    /** Why the config would refuse {@code name} as a user, or null; asks the config, so the rule lives in one place. */
    private static String badName(String name) {
        try {
            BudgetsConfig.NONE.withUsers(Map.of(name, UserBudget.NONE));
            return null;
        } catch (ConfigException e) {
            return e.reason();
        }
    }

    /** The form field a config field's error belongs to. */
    private static String field(String configField) {
        return switch (configField) {
            case "budgets.daily" -> DAILY;
            case "budgets.monthly" -> MONTHLY;
            case "budgets.per_user.daily" -> USER_DAILY;
            case "budgets.per_user.monthly" -> USER_MONTHLY;
            case "budgets.thresholds.alert" -> ALERT;
            case "budgets.thresholds.soft" -> SOFT;
            case "budgets.thresholds.hard" -> HARD;
            default -> USERS;
        };
    }

    private static String label(String configField) {
        return switch (field(configField)) {
            case DAILY -> "Daily budget";
            case MONTHLY -> "Monthly budget";
            case USER_DAILY -> "Daily per user";
            case USER_MONTHLY -> "Monthly per user";
            case ALERT -> "Alert";
            case SOFT -> "Soft limit";
            case HARD -> "Hard limit";
            default -> "Users, user";
        };
    }
}
