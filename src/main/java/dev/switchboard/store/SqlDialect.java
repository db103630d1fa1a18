package dev.switchboard.store;

/**
 * The few statements where PostgreSQL and H2 differ. Everything else is the same JDBC code for both.
 */
public enum SqlDialect {
    POSTGRESQL, H2;

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
}
