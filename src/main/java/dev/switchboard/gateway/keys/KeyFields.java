package dev.switchboard.gateway.keys;

import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.Names;
import dev.switchboard.engine.config.SwitchboardConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules for a key's fields, which {@link KeyStore#create} applies and the CLI and the console check as the
 * operator types; and a key's budget and models as operators type and read them: {@code 25}, {@code $12.50};
 * {@code gpt-4o-mini, claude-3-5-haiku}. Every failure is a {@link KeyValidationException} naming the field.
 */
public final class KeyFields {
    /** The largest budget taken: a billion dollars a month is no budget, and keeps micro-dollars far from overflow. */
    public static final BigDecimal MAX_BUDGET_USD = new BigDecimal("1000000000");
    private static final Pattern AMOUNT = Pattern.compile("\\$?\\d{1,12}(\\.\\d*)?|\\$?\\.\\d+");

    private KeyFields() {
    }

    /** The longest owner: it is recorded as the user of every request, in the ledger's 128-character column. */
    public static final int OWNER_MAX = 128;

    /** @return the owner, stripped: required, 1-128 characters, no control characters (a user name as requests give it) */
    public static String checkOwner(String owner) {
        String o = owner == null ? "" : owner.strip();
        if (o.isEmpty()) {
            throw new KeyValidationException("owner", "is required");
        }
        if (o.length() > OWNER_MAX) {
            throw new KeyValidationException("owner", "must be 1-" + OWNER_MAX + " characters, got " + o.length());
        }
        for (int i = 0; i < o.length(); i++) {
            if (Character.isISOControl(o.charAt(i))) {
                throw new KeyValidationException("owner", "must not contain control characters (at " + i + ")");
            }
        }
        return o;
    }

    /** @return the name stripped, or null when blank; a name as the config's keys are ({@link Names}) */
    public static String checkName(String field, String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        String problem = Names.problem(v);
        if (problem != null) {
            throw new KeyValidationException(field, problem);
        }
        return v;
    }

    /** @return the budget: null (none) or zero to {@link #MAX_BUDGET_USD} */
    public static Long checkBudget(Long micros) {
        if (micros != null && micros < 0) {
            throw new KeyValidationException("budget", "must be zero or more, got " + micros + " micro-dollars");
        }
        if (micros != null && micros > MAX_BUDGET_USD.movePointRight(6).longValueExact()) {
            throw new KeyValidationException("budget", "must be at most " + MAX_BUDGET_USD.toPlainString()
                    + " USD a month, got " + formatBudget(micros));
        }
        return micros;
    }

    /** @return the model names stripped and sorted, each a name as the config's are; empty for every model */
    public static Set<String> checkModels(Set<String> models) {
        Set<String> out = new TreeSet<>();
        if (models == null) {
            return out;
        }
        for (String m : models) {
            String v = m == null ? null : m.strip();
            String problem = Names.problem(v);
            if (problem != null) {
                throw new KeyValidationException("models", problem);
            }
            out.add(v);
        }
        return out;
    }

    /**
     * @param text USD, with an optional dollar sign; null or blank for no budget
     * @return micro-dollars, or null for no budget
     */
    public static Long parseBudget(String text) {
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
    public static Set<String> parseModels(String text) {
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
    public static String formatBudget(Long micros) {
        if (micros == null) {
            return "none";
        }
        BigDecimal usd = BigDecimal.valueOf(micros, 6);
        boolean cents = usd.compareTo(BigDecimal.ONE) >= 0 || micros == 0;
        return String.format(Locale.ROOT, cents ? "%,.2f" : "%.4f", usd.setScale(cents ? 2 : 4, RoundingMode.HALF_UP));
    }

    /** {@code all} for a key that may use every model, else the names joined by commas. */
    public static String formatModels(Set<String> models) {
        return models.isEmpty() ? "all" : String.join(",", models);
    }

    /**
     * What is worth telling the operator about a key for {@code config}, though it may be created: a plan the config
     * does not define (its requests get the default plan) and models or routes it does not serve (refused as unknown). A
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
                // A route is a name of its own in a key's list (it does not grant the models it calls, nor they it).
                if (m != null && !config.models().containsKey(m.strip())
                        && config.routing().route(m.strip()) == null) {
                    out.add("model '" + m.strip() + "' is not one of the config's models " + config.models().keySet()
                            + (config.routing().routes().isEmpty() ? ""
                            : " or routes " + config.routing().routes().keySet())
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
