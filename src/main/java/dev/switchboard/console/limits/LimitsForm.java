package dev.switchboard.console.limits;

import dev.switchboard.engine.config.BucketConfig;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.PlanConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The limits editor's logic, free of JavaFX: reads the typed plans, model caps and bucket rates, names every
 * bad cell (table, row, column and why), and builds the {@link LimitsConfig} to apply.
 */
public final class LimitsForm {
    private LimitsForm() {
    }

    public record PlanRow(String name, String perMinute, String perHour) {
    }

    public record CapRow(String model, String perMinute) {
    }

    public record BucketRow(String model, String rate, String capacity) {
    }

    /** @param errors one line per problem, e.g. {@code Plans, row 2 (pro), per minute: must be a whole number ...} */
    public record Result(List<String> errors, LimitsConfig limits) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Result check(LimitsConfig base, Set<String> models, List<PlanRow> plans, List<CapRow> caps,
                               String defaultRate, String defaultCapacity, List<BucketRow> buckets) {
        List<String> errors = new ArrayList<>();
        Map<String, PlanConfig> planMap = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            PlanRow r = plans.get(i);
            String where = "Plans, row " + (i + 1) + " (" + r.name() + ")";
            Integer min = whole(errors, where + ", per minute", r.perMinute(), 0);
            Integer hour = whole(errors, where + ", per hour", r.perHour(), 0);
            if (planMap.containsKey(r.name())) {
                errors.add(where + ": plan '" + r.name() + "' is listed twice");
            } else if (min != null && hour != null) {
                try {
                    planMap.put(r.name(), new PlanConfig(r.name(), min, hour));
                } catch (ConfigException e) {
                    errors.add(where + ", name: " + e.reason());
                }
            }
        }
        if (planMap.isEmpty() && errors.isEmpty()) {
            errors.add("Plans: at least one plan is needed");
        } else if (!planMap.containsKey(base.defaultPlan()) && errors.isEmpty()) {
            errors.add("Plans: the default plan '" + base.defaultPlan() + "' must stay (users without a plan get it)");
        }
        Map<String, Integer> capMap = new LinkedHashMap<>();
        for (int i = 0; i < caps.size(); i++) {
            CapRow r = caps.get(i);
            String where = "Model caps, row " + (i + 1) + " (" + r.model() + ")";
            if (!models.contains(r.model())) {
                errors.add(where + ", model: unknown model; configured: " + models);
                continue;
            }
            Integer v = whole(errors, where + ", per minute", r.perMinute(), 1);
            if (v != null && capMap.put(r.model(), v) != null) {
                errors.add(where + ": model listed twice");
            }
        }
        BucketConfig dflt = null;
        boolean hasDefault = !(blank(defaultRate) && blank(defaultCapacity));
        if (hasDefault) {
            dflt = bucket(errors, "Default bucket", defaultRate, defaultCapacity);
        }
        Map<String, BucketConfig> bucketMap = new LinkedHashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            BucketRow r = buckets.get(i);
            String where = "Model buckets, row " + (i + 1) + " (" + r.model() + ")";
            if (!models.contains(r.model())) {
                errors.add(where + ", model: unknown model; configured: " + models);
                continue;
            }
            BucketConfig b = bucket(errors, where, r.rate(), r.capacity());
            if (b != null && bucketMap.put(r.model(), b) != null) {
                errors.add(where + ": model listed twice");
            }
        }
        if (!errors.isEmpty()) {
            return new Result(List.copyOf(errors), null);
        }
        LimitsConfig next = base.withPlans(planMap).withModelCaps(capMap).withBuckets(dflt, bucketMap);
        return new Result(List.of(), next);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Integer whole(List<String> errors, String where, String text, int min) {
        String s = text == null ? "" : text.trim();
        try {
            long v = Long.parseLong(s);
            if (v < min || v > Integer.MAX_VALUE) {
                errors.add(where + ": must be " + (min == 0 ? "zero (no limit) or more" : "at least " + min) + ", got "
                        + s);
                return null;
            }
            return (int) v;
        } catch (NumberFormatException e) {
            errors.add(where + ": must be a whole number, got '" + s + "'");
            return null;
        }
    }

    private static BucketConfig bucket(List<String> errors, String where, String rate, String capacity) {
        double r;
        try {
            r = Double.parseDouble(rate == null ? "" : rate.trim());
        } catch (NumberFormatException e) {
            errors.add(where + ", rate: must be a number of requests a second, got '" + rate + "'");
            return null;
        }
        Integer c = whole(errors, where + ", capacity", capacity, 1);
        if (c == null) {
            return null;
        }
        try {
            return new BucketConfig(r, c);
        } catch (ConfigException e) {
            errors.add(where + ", rate: " + e.reason());
            return null;
        }
    }
}
