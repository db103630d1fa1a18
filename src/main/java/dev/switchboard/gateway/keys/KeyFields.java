package dev.switchboard.gateway.keys;

import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A key's budget and models as operators type and read them, shared by the CLI and the console: {@code 25},
 * {@code $12.50}; {@code gpt-4o-mini, claude-3-5-haiku}. Parsing failures are {@link KeyValidationException}s naming
 * the field.
 */
public final class KeyFields {
    /** The largest budget taken: a billion dollars a month is no budget, and keeps micro-dollars far from overflow. */
    public static final BigDecimal MAX_BUDGET_USD = new BigDecimal("1000000000");
    private static final Pattern AMOUNT = Pattern.compile("\\$?\\d{1,12}(\\.\\d*)?|\\$?\\.\\d+");

    private KeyFields() {
    }

    /**
     * @param text USD, with an optional dollar sign; null or blank for no budget
     * @return micro-dollars, or null for no budget
     */
    public static Long budgetMicros(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.strip();
        if (s.startsWith("-") && AMOUNT.matcher(s.substring(1)).matches()) {
            throw new KeyValidationException("budget", "must be zero or more, got " + shorten(s));
        }
        if (!AMOUNT.matcher(s).matches()) {
            throw new KeyValidationException("budget", "must be an amount in USD like 25 or 12.50, got '"
                    + shorten(s) + "'");
        }
        BigDecimal usd = new BigDecimal(s.startsWith("$") ? s.substring(1) : s);
        if (usd.compareTo(MAX_BUDGET_USD) > 0) {
            throw new KeyValidationException("budget", "must be at most " + MAX_BUDGET_USD.toPlainString()
                    + " USD, got " + usd.toPlainString());
        }
        if (usd.stripTrailingZeros().scale() > 6) {
            throw new KeyValidationException("budget", "must be a whole number of micro-dollars (at most 6 "
                    + "decimals), got " + usd.toPlainString());
        }
        return usd.movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }

    /** Model names separated by commas or spaces, blanks dropped, in the order given; none = every model. */
    public static Set<String> models(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text != null) {
            for (String m : text.split("[,\\s]+")) {
                if (!m.isEmpty()) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** {@code 25.00}, {@code 0.5000}, {@code 1,250.00}; {@code none} without a budget. */
    public static String budget(Long micros) {
        if (micros == null) {
            return "none";
        }
        BigDecimal usd = BigDecimal.valueOf(micros, 6);
        boolean cents = usd.compareTo(BigDecimal.ONE) >= 0 || micros == 0;
        return String.format(Locale.ROOT, cents ? "%,.2f" : "%.4f", usd.setScale(cents ? 2 : 4, RoundingMode.HALF_UP));
    }

    /** {@code all} for a key that may use every model, else the names joined by commas. */
    public static String models(Set<String> models) {
        return models.isEmpty() ? "all" : String.join(",", models);
    }

    /**
     * What is worth telling the operator about a key for {@code config}, though it may be created: a plan the config
     * does not define (its requests get the default plan) and models it does not serve (refused as unknown). A
     * gateway may run another config, so these are warnings, not errors.
     */
    public static List<String> warnings(SwitchboardConfig config, String plan, Set<String> models) {
        List<String> out = new ArrayList<>();
        LimitsConfig limits = config.limits();
        if (plan != null && !plan.isBlank() && !limits.plans().containsKey(plan.strip())) {
            out.add("plan '" + plan.strip() + "' is not one of the config's plans " + limits.plans().keySet()
                    + "; the key's requests get the default plan '" + limits.defaultPlan() + "'");
        }
        if (models != null) {
            for (String m : models) {
                if (m != null && !config.models().containsKey(m.strip())) {
                    out.add("model '" + m.strip() + "' is not one of the config's models " + config.models().keySet()
                            + "; requests for it are refused as unknown");
                }
            }
        }
        return out;
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
