package dev.switchboard.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Appends many rows to one table in the caller's transaction: {@code COPY} on PostgreSQL, several times faster
 * than even rewritten batch inserts, and a JDBC batch on H2. Values are Long, Integer, Double, String or null.
 */
public final class BulkInsert {
    private BulkInsert() {
    }

    public static void rows(Connection c, SqlDialect dialect, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (dialect == SqlDialect.POSTGRESQL) {
            copy(c, table, columns, rows);
        } else {
            batch(c, table, columns, rows);
        }
    }

    private static void copy(Connection c, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        StringBuilder text = new StringBuilder(rows.size() * 128);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                appendText(text, row[i]);
            }
            text.append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + String.join(", ", columns)
                    + ") FROM STDIN", new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL's text COPY format: tab-separated, \N for null, backslash escapes. */
    private static void appendText(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("\\N");
            return;
        }
        if (!(v instanceof String s)) {
            sb.append(v);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
    }

    private static void batch(Connection c, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
