package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.telemetry.audit.AuditLog;
import dev.switchboard.engine.telemetry.audit.AuditRecord;
import dev.switchboard.engine.telemetry.audit.AuditSettings;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.TestConfigs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard audit verify | export | purge}, and the key commands' audit records, on an H2 ledger. */
class AuditCommandTest {
    private record Run(int code, String out, String err) {
    }

    @TempDir
    Path home;

    private Path config;
    private String url;

    @BeforeEach
    void writeConfig() throws Exception {
        config = home.resolve("audit.yaml");
        url = "jdbc:h2:file:" + home.toAbsolutePath() + "/ledger";
        Files.writeString(config, """
                ledger:
                  url: "%s"
                  journal: "%s/journal"
                audit:
                  retention: 30d
                """.formatted(url, home.toAbsolutePath()) + TestConfigs.MODELS);
    }

    private Run run(String... args) {
        CommandLine cl = Main.commandLine(Map.of("SWITCHBOARD_HOME", home.toString())::get);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Records on 2026-11-01 .. 2026-11-10 at noon, one a day. */
    private void appendDays() {
        try (Database db = Database.open(url, null, null, Duration.ofSeconds(5), 1);
             AuditLog log = AuditLog.over(db, AuditSettings.defaults(), InstantSource.system())) {
            for (int d = 1; d <= 10; d++) {
                long at = Instant.parse("2026-11-%02dT12:00:00Z".formatted(d)).toEpochMilli();
                log.append(new AuditRecord(at, AuditRecord.CONFIG, "ops", "limits", "{\"day\":" + d + "}"));
            }
            assertThat(log.flush(Duration.ofSeconds(20))).isTrue();
        }
    }

    private void sql(String statement) throws Exception {
        try (Database db = Database.open(url, null, null, Duration.ofSeconds(5), 1);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void verifySaysOkWithTheCountThenNamesTheEditedRecordWithExitCodeOne() throws Exception {
        appendDays();
        Run ok = run("audit", "verify", "--config", config.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out().strip()).isEqualTo("OK: 10 record(s) verified");
        assertThat(ok.err().strip()).matches("last record 10, hash [0-9a-f]{64}");

        sql("UPDATE audit_event SET detail = '{\"day\":99}' WHERE id = 4");
        Run broken = run("audit", "verify", "--config", config.toString());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.out().strip()).isEqualTo("BROKEN at record 4: its fields do not hash to its stored hash "
                + "(the record was edited) (4 record(s) checked)");
    }

    @Test
    void exportWritesTheDaysAsJsonLines() throws Exception {
        appendDays();
        Path out = home.resolve("nov.jsonl");
        Run r = run("audit", "export", "--from", "2026-11-03", "--to", "2026-11-05", "--out", out.toString(),
                "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("exported 3 audit record(s)");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = lines.stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(rows).extracting(n -> n.get("id").asLong()).containsExactly(3L, 4L, 5L);
        assertThat(rows).extracting(n -> n.get("detail").get("day").asInt()).containsExactly(3, 4, 5);
        assertThat(rows.get(1).get("prev_hash").asText()).isEqualTo(rows.get(0).get("hash").asText());
    }

    @Test
    void badDatesAndOutputsAreRefusedInOneLine() {
        Run r = run("audit", "export", "--from", "yesterday", "--to", "2026-11-05", "--out", "x.jsonl", "--config",
                config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("switchboard: audit export --from: expected a date like 2026-11-23 or "
                + "an instant like 2026-11-23T14:00:00Z, got 'yesterday'");
        Run back = run("audit", "export", "--from", "2026-11-05", "--to", "2026-11-01", "--out", "x.jsonl",
                "--config", config.toString());
        assertThat(back.err().strip()).isEqualTo("switchboard: audit export --to (2026-11-01) must not be before "
                + "--from (2026-11-05)");
        Run dir = run("audit", "export", "--from", "2026-11-01", "--to", "2026-11-05", "--out",
                home.resolve("none/x.jsonl").toString(), "--config", config.toString());
        assertThat(dir.code()).isEqualTo(2);
        assertThat(dir.err()).contains("--out").contains("does not exist");
    }

    @Test
    void purgeKeepsTheChainVerifiable() {
        appendDays();
        // The records are from November 2026; whatever today is, --older-than 1s purges them all.
        Run purged = run("audit", "purge", "--older-than", "1s", "--config", config.toString());
        assertThat(purged.code()).as(purged.err()).isZero();
        assertThat(purged.out().strip()).isEqualTo("purged 10 audit record(s) older than 1s");
        Run ok = run("audit", "verify", "--config", config.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out().strip()).isEqualTo("OK: 0 record(s) verified after the anchor at record 10");
    }

    @Test
    void keyCreatesAndRevokesAreAuditedWithoutTheSecret() throws Exception {
        Run created = run("keys", "create", "--owner", "alice", "--name", "ci-bot", "--config", config.toString());
        assertThat(created.code()).as(created.err()).isZero();
        String secret = created.out().strip();
        Run revoked = run("keys", "revoke", secret.substring(0, 10), "--config", config.toString());
        assertThat(revoked.code()).as(revoked.err()).isZero();

        Path out = home.resolve("keys.jsonl");
        Run r = run("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "--out", out.toString(),
                "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String text = Files.readString(out);
        assertThat(text).doesNotContain(secret).doesNotContain(secret.substring(10));
        List<JsonNode> rows = text.lines().map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(rows).extracting(n -> n.get("kind").asText()).containsExactly("key", "key");
        assertThat(rows).extracting(n -> n.get("actor").asText()).containsExactly("cli keys create",
                "cli keys revoke");
        assertThat(rows.get(0).get("detail").get("owner").asText()).isEqualTo("alice");
        assertThat(rows.get(0).get("detail").get("prefix").asText()).isEqualTo(secret.substring(0, 10));
        assertThat(rows.get(0).get("detail").get("os_user").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(run("audit", "verify", "--config", config.toString()).out().strip())
                .isEqualTo("OK: 2 record(s) verified");
    }

    @Test
    void theBenchWritesToAScratchDatabaseOnlyAndTheChainItWritesVerifies() throws Exception {
        Run r = run("bench", "audit", "--records", "500");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("written").asLong()).isEqualTo(500);
        assertThat(j.get("dropped").asLong()).isZero();
        assertThat(j.get("verified").asBoolean()).isTrue();

        appendDays();
        Run refused = run("bench", "audit", "--records", "10", "--url", url);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("its audit_event table has rows");
        assertThat(run("audit", "verify", "--config", config.toString()).out().strip())
                .isEqualTo("OK: 10 record(s) verified");
    }
}
