package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigChanges;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.telemetry.audit.AuditRecord;
import dev.switchboard.engine.telemetry.audit.AuditStore;
import dev.switchboard.testsupport.TestConfigs;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console edit lands in the audit trail with the OS user, the changed sections before and after, and no secret;
 * without JavaFX: {@link ConfigEdits#apply} is the part off the FX thread.
 */
class ConfigEditsAuditTest {
    private static final String API_KEY = "sk-test-0123456789abcdefSECRET";
    private static final String DB_PASSWORD = "hunter2-db-password";

    @TempDir
    Path home;

    private String yaml() {
        return """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  password: "${DB_PASSWORD}"
                  journal: "%s/journal"
                providers:
                  openai:
                    kind: openai
                    base_url: "https://api.example.com/v1"
                    api_key: "${OPENAI_API_KEY}"
                    headers: {X-Org-Token: "%s"}
                """.formatted(home.toAbsolutePath(), home.toAbsolutePath(), DB_PASSWORD) + TestConfigs.MODELS;
    }

    @Test
    void anEditIsAuditedWithWhoAndTheChangedSectionsBeforeAndAfter() throws Exception {
        Path file = home.resolve("config.yaml");
        Files.writeString(file, """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  journal: "%s/journal"
                """.formatted(home.toAbsolutePath(), home.toAbsolutePath()) + TestConfigs.MODELS);
        ConfigFile configFile = new ConfigFile(file, new ConfigLoader());
        try (Engine engine = Engine.start(configFile.load())) {
            AtomicBoolean applied = new AtomicBoolean();
            ConfigEdits.apply(engine, configFile, c -> c.withTiers(c.tiers().withL1(c.tiers().l1()
                    .withTtl(Duration.ofMinutes(7)))), "Cache settings", "ops-user", applied);
            assertThat(applied).isTrue();
            // No change, no record.
            ConfigEdits.apply(engine, configFile, c -> c, "Cache settings", "ops-user", applied);
            assertThat(engine.audit().flush(Duration.ofSeconds(20))).isTrue();

            AuditStore store = engine.audit().store();
            StringWriter out = new StringWriter();
            assertThat(store.export(0, Long.MAX_VALUE, out)).isEqualTo(1);
            JsonNode row = new ObjectMapper().readTree(out.toString().strip());
            assertThat(row.get("kind").asText()).isEqualTo("config");
            assertThat(row.get("actor").asText()).isEqualTo("ops-user");
            assertThat(row.get("subject").asText()).isEqualTo("tiers");
            JsonNode d = row.get("detail");
            assertThat(d.get("what").asText()).isEqualTo("Cache settings");
            assertThat(d.get("via").asText()).isEqualTo("console");
            assertThat(d.get("saved").asBoolean()).isTrue();
            assertThat(d.get("before").get("tiers").get("l1").get("ttl").asText()).isEqualTo("5m");
            assertThat(d.get("after").get("tiers").get("l1").get("ttl").asText()).isEqualTo("7m");
            assertThat(store.verify().ok()).isTrue();
        }
        assertThat(Files.readString(file)).contains("ttl: 7m");
    }

    @Test
    void theConsoleActsAsTheOsUser() {
        assertThat(ConfigEdits.OPERATOR).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void secretsNeverReachTheRecord() {
        ConfigLoader loader = new ConfigLoader(Map.of("OPENAI_API_KEY", API_KEY, "DB_PASSWORD", DB_PASSWORD)::get);
        SwitchboardConfig before = loader.parse(yaml(), "test.yaml");
        SwitchboardConfig after = before.withLedger(before.ledger()).withProviders(before.providers())
                .withTiers(before.tiers().withL1(before.tiers().l1().withTtl(Duration.ofMinutes(9))));
        // Change the sections holding secrets too, so they are written out.
        SwitchboardConfig changed = after.withProviders(Map.of()).withModel(after.models().get("gpt-4o"));
        AuditRecord r = ConfigChanges.record(1_000, "ops", "test", "console", before,
                new ConfigLoader(Map.of("OPENAI_API_KEY", API_KEY, "DB_PASSWORD", "other-" + DB_PASSWORD)::get)
                        .parse(yaml().replace("ttl: 5m", "ttl: 9m"), "test.yaml"), true);
        assertThat(r).isNotNull();
        assertThat(r.subject()).isEqualTo("tiers,ledger");
        assertThat(r.detail()).doesNotContain(API_KEY).doesNotContain(DB_PASSWORD).contains("\"password\":\"***\"")
                .contains("\"ttl\":\"9m\"");
        AuditRecord p = ConfigChanges.record(1_000, "ops", "test", "console", before, changed, true);
        assertThat(p.subject()).isEqualTo("tiers,providers");
        assertThat(p.detail()).doesNotContain(API_KEY).doesNotContain(DB_PASSWORD).contains("${OPENAI_API_KEY}")
                .contains("\"X-Org-Token\":\"***\"");
        assertThat(ConfigChanges.toJson("postgresql://sb:" + DB_PASSWORD + "@db:5432/sb", 0).asText())
                .isEqualTo("postgresql://sb:***@db:5432/sb");
        assertThat(ConfigChanges.changedSections(before, before)).isEqualTo(List.of());
    }
}
