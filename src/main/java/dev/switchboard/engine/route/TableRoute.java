package dev.switchboard.engine.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Class x complexity -> target: the router classifies the request and looks its cell up. A target is a model, or
 * a cascade, vote or experiment route (never another table, so a lookup cannot loop).
 *
 * @param cells             the table; a class may leave complexities out, and the table may leave classes out
 * @param otherwise         the target of every cell left out
 * @param maxUsdPerRequest  the ceiling on a request's estimated cost; null for none
 * @param maxUsdPer1M       the ceiling on the price per million tokens of the request's mix; null for none
 * @param fastModel         the model a latency-sensitive request goes to instead of its cell; null to keep the cell
 */
public record TableRoute(String name, Map<TaskClass, Map<Complexity, String>> cells, String otherwise,
                         Double maxUsdPerRequest, Double maxUsdPer1M, String fastModel) implements Route {
    public TableRoute {
        if (otherwise == null || otherwise.isBlank()) {
            throw new IllegalArgumentException("otherwise: is required: the target of the cells the table leaves out");
        }
        if (maxUsdPerRequest != null && !(maxUsdPerRequest > 0)) {
            throw new IllegalArgumentException("max_usd_per_request: must be more than 0, got " + maxUsdPerRequest);
        }
        if (maxUsdPer1M != null && !(maxUsdPer1M > 0)) {
            throw new IllegalArgumentException("max_usd_per_1m: must be more than 0, got " + maxUsdPer1M);
        }
        EnumMap<TaskClass, Map<Complexity, String>> copy = new EnumMap<>(TaskClass.class);
        cells.forEach((c, row) -> {
            EnumMap<Complexity, String> r = new EnumMap<>(Complexity.class);
            r.putAll(row);
            copy.put(c, Collections.unmodifiableMap(r));
        });
        cells = Collections.unmodifiableMap(copy);
    }

    /** The cell's target, or {@link #otherwise} when the table leaves it out. */
    public String target(TaskClass c, Complexity x) {
        Map<Complexity, String> row = cells.get(c);
        String t = row == null ? null : row.get(x);
        return t == null ? otherwise : t;
    }

    /** Whether the cell is written out (else it takes {@link #otherwise}). */
    public boolean written(TaskClass c, Complexity x) {
        Map<Complexity, String> row = cells.get(c);
        return row != null && row.containsKey(x);
    }

    /** This table with one cell set; {@code target} null (or equal to otherwise) leaves the cell out. */
    public TableRoute withCell(TaskClass c, Complexity x, String target) {
        EnumMap<TaskClass, Map<Complexity, String>> next = new EnumMap<>(TaskClass.class);
        cells.forEach((k, v) -> next.put(k, new EnumMap<>(v.isEmpty() ? Map.of() : v)));
        Map<Complexity, String> row = next.computeIfAbsent(c, k -> new EnumMap<>(Complexity.class));
        if (target == null || target.isBlank()) {
            row.remove(x);
        } else {
            row.put(x, target.strip());
        }
        if (row.isEmpty()) {
            next.remove(c);
        }
        return new TableRoute(name, next, otherwise, maxUsdPerRequest, maxUsdPer1M, fastModel);
    }

    public TableRoute withOtherwise(String t) {
        return new TableRoute(name, cells, t, maxUsdPerRequest, maxUsdPer1M, fastModel);
    }

    public TableRoute withCeilings(Double perRequest, Double per1M) {
        return new TableRoute(name, cells, otherwise, perRequest, per1M, fastModel);
    }

    @Override
    public String kind() {
        return "table";
    }

    @Override
    public List<String> targets() {
        LinkedHashSet<String> t = new LinkedHashSet<>();
        t.add(otherwise);
        cells.values().forEach(r -> t.addAll(r.values()));
        if (fastModel != null) {
            t.add(fastModel);
        }
        return new ArrayList<>(t);
    }
}
