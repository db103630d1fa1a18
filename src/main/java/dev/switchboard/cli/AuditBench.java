package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.audit.AuditLog;
import dev.switchboard.engine.telemetry.audit.AuditRecord;
import dev.switchboard.engine.telemetry.audit.AuditSettings;
import dev.switchboard.engine.telemetry.audit.AuditStore;
import dev.switchboard.engine.telemetry.audit.AuditedRequests;
import dev.switchboard.engine.telemetry.audit.RequestAuditor;
import dev.switchboard.store.Database;
import dev.switchboard.store.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard bench audit}: how many records a second the audit writer chains and writes, and what the
 * request listener costs the request path. It writes to a scratch database only (a temporary H2 file by default):
 * bench records in a real trail could not be removed without breaking its chain, so a database whose audit table
 * has rows is refused.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Append N synthetic audit records through the audit log into a scratch database and time the "
                + "writer, then time the request listener. Prints JSON.")
final class AuditBench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "A scratch database (JDBC or postgresql:// URL; "
            + "default: a temporary H2 file). Its audit table must be empty.")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user, when the URL does not say.")
    String user;

    @Option(names = "--records", defaultValue = "200000",
            description = "Records to write, 1 to " + AuditSettings.QUEUE_MAX + " (default: ${DEFAULT-VALUE}).")
    int records;

    @Override
    public Integer call() throws Exception {
        if (records < 1 || records > AuditSettings.QUEUE_MAX) {
            return Commands.refuse(spec, Commands.given("--records", records) + ": must be between 1 and "
                    + AuditSettings.QUEUE_MAX);
        }
        Path tmp = null;
        String target = url;
        if (target == null) {
            tmp = Files.createTempDirectory("sb-audit-bench");
            target = "jdbc:h2:file:" + tmp.toAbsolutePath().resolve("audit");
        }
        try (Database db = Database.open(target, user, null, Duration.ofSeconds(5), 2)) {
            db.ensureReady();
            if (rows(db) > 0) {
                return Commands.refuse(spec, "--url " + db.describe() + ": its audit_event table has rows; bench "
                        + "records would join a real trail. Point it at a scratch database.");
            }
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("database", db.describe());
            out.put("records", records);
            writer(db, out);
            listener(db, out);
            out.put("verified", new AuditStore(db).verify().ok());
            spec.commandLine().getOut().println(out.toPrettyString());
            return 0;
        } catch (java.sql.SQLException e) {
            spec.commandLine().getErr().println(Commands.prefix(spec).stripTrailing() + ": "
                    + Failures.oneLine(e));
            return 1;
        } finally {
            if (tmp != null) {
                try (var walk = Files.walk(tmp)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static long rows(Database db) throws java.sql.SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Appends as fast as one thread can, then waits for the writer: records a second, from first append to last row. */
    private void writer(Database db, ObjectNode out) {
        String detail = "{\"outcome\":\"ok\",\"namespace\":\"payments\",\"plan\":\"pro\",\"model_asked\":\"gpt-4o\","
                + "\"served_by\":\"provider\",\"latency_us\":812000,\"cost_micros\":1234,\"tokens_in\":420,"
                + "\"tokens_out\":180,\"route\":[\"gpt-4o: upstream 503\",\"gpt-4o-mini: answered\"]}";
        long at = System.currentTimeMillis();
        try (AuditLog log = AuditLog.over(db, new AuditSettings(true, AuditedRequests.ALL, null, records),
                InstantSource.system())) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                log.append(new AuditRecord(at + i, AuditRecord.REQUEST, "user-" + (i % 1000), "gpt-4o", detail));
            }
            long appended = System.nanoTime();
            log.flush(Duration.ofMinutes(10));
            long done = System.nanoTime();
            AuditLog.Stats s = log.stats();
            out.put("writer_records_per_s", Math.round(s.written() / ((done - start) / 1e9)));
            out.put("append_ns", Math.round((appended - start) / (double) records));
            out.put("written", s.written());
            out.put("dropped", s.dropped());
        }
    }

    /**
     * The listener's cost on the request's thread: a plain hit that {@code decisions} skips, and a routed answer it
     * queues (the record itself is built later, on the writer thread).
     */
    private void listener(Database db, ObjectNode out) {
        RequestEvent hit = new RequestEvent(System.currentTimeMillis(), "payments", "alice", "pro", "gpt-4o", "gpt-4o",
                ServedBy.values()[0], RequestEvent.OK, 50_000, 0, 420, 180, List.of());
        RequestEvent routed = new RequestEvent(System.currentTimeMillis(), "payments", "alice", "pro", "gpt-4o",
                "gpt-4o-mini", ServedBy.values()[0], RequestEvent.OK, 812_000_000, 1234, 420, 180,
                List.of("gpt-4o: upstream 503"));
        int n = Math.min(records, 100_000);
        try (AuditLog log = AuditLog.over(db, new AuditSettings(true, AuditedRequests.DECISIONS, null,
                AuditSettings.QUEUE_MAX), InstantSource.system())) {
            RequestAuditor auditor = new RequestAuditor(log);
            for (int round = 0; round < 3; round++) { // the last round counts: the first ones warm the JIT
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    auditor.onRequest(hit);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    auditor.onRequest(routed);
                }
                long t2 = System.nanoTime();
                out.put("listener_skip_ns", Math.round((t1 - t0) / (double) n));
                out.put("listener_queue_ns", Math.round((t2 - t1) / (double) n));
            }
            log.flush(Duration.ofMinutes(10));
            out.put("listener_records_written", log.stats().written());
        }
    }
}
