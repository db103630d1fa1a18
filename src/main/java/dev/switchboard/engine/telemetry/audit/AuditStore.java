package dev.switchboard.engine.telemetry.audit;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.BulkInsert;
import dev.switchboard.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit tables over JDBC, the same SQL on PostgreSQL and H2: append chained rows, read the chain's end, verify
 * it, export a period and purge old records behind an anchor. Rows are read in pages by id, never all at once.
 */
public final class AuditStore {
    static final List<String> COLUMNS = List.of("id", "at_ms", "kind", "actor", "subject", "detail", "prev_hash",
            "hash");
    private static final String SELECT = "SELECT id, at_ms, kind, actor, subject, detail, prev_hash, hash "
            + "FROM audit_event ";
    private static final int PAGE = 5_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where the chain ends: the last record's id and hash (the anchor's, or 0 and GENESIS, when there is none). */
    public record Tail(long id, String hash) {
        static final Tail EMPTY = new Tail(0, AuditChain.GENESIS);
    }

    private final Database db;

    public AuditStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** The end of the chain as stored. */
    public Tail tail() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return tail(c);
        }
    }

    static Tail tail(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return new Tail(rs.getLong(1), rs.getString(2));
            }
        }
        Tail anchor = anchor(c);
        return anchor == null ? Tail.EMPTY : anchor;
    }

    private static Tail anchor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_id, last_hash FROM audit_anchor WHERE slot = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Tail(rs.getLong(1), rs.getString(2)) : null;
        }
    }

    /** Appends rows already chained, in one transaction: all land or none (another writer took an id first). */
    void insert(List<AuditRow> rows) throws SQLException {
        List<Object[]> values = new ArrayList<>(rows.size());
        for (AuditRow r : rows) {
            values.add(new Object[] {r.id(), r.atMillis(), r.kind(), r.actor(), r.subject(), r.detail(), r.prevHash(),
                    r.hash()});
        }
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                BulkInsert.rows(c, db.dialect(), "audit_event", COLUMNS, values);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Walks the chain from the anchor (or the first record) in id order: each record must follow the one before it
     * (id + 1, its prev_hash that record's hash) and hash to its stored hash. Stops at the first that does not.
     */
    public Verification verify() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Tail anchor = anchor(c);
            Tail expect = anchor == null ? Tail.EMPTY : anchor;
            long anchorId = anchor == null ? 0 : anchor.id();
            long checked = 0;
            long after = Long.MIN_VALUE;
            while (true) {
                List<AuditRow> page = page(c, after);
                for (AuditRow r : page) {
                    checked++;
                    String why = misfit(expect, r);
                    if (why != null) {
                        return new Verification(checked, r.id(), why, anchorId);
                    }
                    expect = new Tail(r.id(), r.hash());
                }
                if (page.size() < PAGE) {
                    return new Verification(checked, -1, "", anchorId);
                }
                after = page.get(page.size() - 1).id();
            }
        }
    }

    private static String misfit(Tail expect, AuditRow r) {
        if (r.id() <= expect.id()) {
            return "id " + r.id() + " is at or before record " + expect.id() + (expect.id() == 0 ? ""
                    : " (the anchor or the record before it): inserted or left behind by a purge");
        }
        if (r.id() != expect.id() + 1) {
            long from = expect.id() + 1;
            long to = r.id() - 1;
            return (from == to ? "record " + from + " is" : "records " + from + ".." + to + " are")
                    + " missing (deleted)";
        }
        if (!r.prevHash().equals(expect.hash())) {
            return "prev_hash does not match the hash of " + (expect.id() == 0 ? "the chain's start"
                    : "record " + expect.id()) + " (that record or this link was changed)";
        }
        if (!r.hash().equals(r.expectedHash())) {
            return "its fields do not hash to its stored hash (the record was edited)";
        }
        return null;
    }

    private static List<AuditRow> page(Connection c, long afterId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE id > ? ORDER BY id LIMIT " + PAGE)) {
            ps.setLong(1, afterId);
            return rows(ps);
        }
    }

    private static List<AuditRow> rows(PreparedStatement ps) throws SQLException {
        List<AuditRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7).strip(), rs.getString(8).strip()));
            }
        }
        return out;
    }

    /**
     * Writes the records with {@code fromMillis <= at_ms < toMillis} as JSON Lines, in id order, with their chain
     * fields (so a copy can be checked on its own); detail is embedded as JSON.
     *
     * @return how many were written
     */
    public long export(long fromMillis, long toMillis, Writer out) throws SQLException, IOException {
        long n = 0;
        long after = Long.MIN_VALUE;
        try (Connection c = db.dataSource().getConnection()) {
            while (true) {
                List<AuditRow> page;
                try (PreparedStatement ps = c.prepareStatement(SELECT
                        + "WHERE id > ? AND at_ms >= ? AND at_ms < ? ORDER BY id LIMIT " + PAGE)) {
                    ps.setLong(1, after);
                    ps.setLong(2, fromMillis);
                    ps.setLong(3, toMillis);
                    page = rows(ps);
                }
                for (AuditRow r : page) {
                    out.write(line(r));
                    out.write('\n');
                    n++;
                }
                if (page.size() < PAGE) {
                    return n;
                }
                after = page.get(page.size() - 1).id();
            }
        }
    }

    static String line(AuditRow r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", r.id());
        o.put("at", java.time.Instant.ofEpochMilli(r.atMillis()).toString());
        o.put("at_ms", r.atMillis());
        o.put("kind", r.kind());
        o.put("actor", r.actor());
        o.put("subject", r.subject());
        try {
            o.set("detail", JSON.readTree(r.detail()));
        } catch (IOException e) {
            o.put("detail", r.detail()); // not JSON (written by hand?): kept as text, verify says whether it was edited
        }
        o.put("prev_hash", r.prevHash());
        o.put("hash", r.hash());
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the records older than {@code cutoffMillis}, in one transaction with the anchor: the id and hash of
     * the last one deleted, which the chain is verified from afterwards. Deletes by id (everything up to the newest
     * record older than the cutoff), so the chain left behind has no hole.
     *
     * @return how many records were deleted
     */
    public long purge(long cutoffMillis, long nowMillis) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                long lastId;
                try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM audit_event WHERE at_ms < ?")) {
                    ps.setLong(1, cutoffMillis);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        lastId = rs.getLong(1);
                        if (rs.wasNull()) {
                            c.rollback();
                            return 0;
                        }
                    }
                }
                String lastHash;
                try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_event WHERE id = ?")) {
                    ps.setLong(1, lastId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        lastHash = rs.getString(1).strip();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(db.dialect().upsert("audit_anchor", "slot", "slot",
                        "last_id", "last_hash", "purged_ms"))) {
                    ps.setInt(1, 1);
                    ps.setLong(2, lastId);
                    ps.setString(3, lastHash);
                    ps.setLong(4, nowMillis);
                    ps.executeUpdate();
                }
                int deleted;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_event WHERE id <= ?")) {
                    ps.setLong(1, lastId);
                    deleted = ps.executeUpdate();
                }
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
