package dev.switchboard.store;

/**
 * The few statements where PostgreSQL and H2 differ. Everything else is the same JDBC code for both.
 */
public enum SqlDialect {
    POSTGRESQL, H2;

    /** Bounds every later statement of the session to {@code millis}, lock waits included. */
    public String statementTimeout(long millis) {
        return switch (this) {
            case POSTGRESQL -> "SET statement_timeout = " + millis;
            // H2 waits for row locks separately (LOCK_TIMEOUT, 10 s by default); bound both.
            case H2 -> "SET QUERY_TIMEOUT " + millis + "; SET LOCK_TIMEOUT " + millis;
        };
    }

    /**
     * An insert-or-replace keyed by {@code keyColumn}.
     *
     * @param columns all columns, key first; every column is bound as a parameter in this order
     */
    public String upsert(String table, String keyColumn, String... columns) {
        String cols = String.join(", ", columns);
        String params = String.join(", ", java.util.Collections.nCopies(columns.length, "?"));
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + cols + ") KEY (" + keyColumn + ") VALUES (" + params + ")";
            case POSTGRESQL -> {
                StringBuilder set = new StringBuilder();
                for (String c : columns) {
                    if (!c.equals(keyColumn)) {
                        set.append(set.isEmpty() ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
                    }
                }
                yield "INSERT INTO " + table + " (" + cols + ") VALUES (" + params + ") ON CONFLICT (" + keyColumn
                        + ") DO UPDATE SET " + set;
            }
        };
    }

    /**
     * Adds to counters keyed by several columns, creating the row at the first addition. Race-free on PostgreSQL
     * ({@code ON CONFLICT}); H2 needs each parameter's SQL type to use it in a {@code MERGE ... USING}.
     *
     * @param keys column name to SQL type, in binding order, bound first
     * @param sums column name to SQL type, added to, bound after the keys
     */
    public String addTo(String table, java.util.SequencedMap<String, String> keys,
                        java.util.SequencedMap<String, String> sums) {
        java.util.List<String> all = new java.util.ArrayList<>(keys.keySet());
        all.addAll(sums.keySet());
        String cols = String.join(", ", all);
        StringBuilder set = new StringBuilder();
        return switch (this) {
            case H2 -> {
                StringBuilder src = new StringBuilder();
                java.util.Map<String, String> types = new java.util.LinkedHashMap<>(keys);
                types.putAll(sums);
                types.forEach((c, type) -> src.append(src.isEmpty() ? "" : ", ").append("CAST(? AS ").append(type)
                        .append(") AS ").append(c));
                StringBuilder on = new StringBuilder();
                for (String k : keys.keySet()) {
                    on.append(on.isEmpty() ? "" : " AND ").append("t.").append(k).append(" = s.").append(k);
                }
                for (String c : sums.keySet()) {
                    set.append(set.isEmpty() ? "" : ", ").append(c).append(" = t.").append(c).append(" + s.").append(c);
                }
                yield "MERGE INTO " + table + " t USING (SELECT " + src + ") s ON (" + on
                        + ") WHEN MATCHED THEN UPDATE SET " + set + " WHEN NOT MATCHED THEN INSERT (" + cols
                        + ") VALUES (s." + String.join(", s.", all) + ")";
            }
            case POSTGRESQL -> {
                for (String c : sums.keySet()) {
                    set.append(set.isEmpty() ? "" : ", ").append(c).append(" = ").append(table).append('.').append(c)
                            .append(" + EXCLUDED.").append(c);
                }
                yield "INSERT INTO " + table + " (" + cols + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(all.size(), "?")) + ") ON CONFLICT ("
                        + String.join(", ", keys.keySet()) + ") DO UPDATE SET " + set;
            }
        };
    }
}
