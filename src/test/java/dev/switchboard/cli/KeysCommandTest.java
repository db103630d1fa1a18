package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.TestConfigs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard keys create | list | revoke} on an H2 ledger database in the test's folder. */
class KeysCommandTest {
    private record Run(int code, String out, String err) {
    }

    @TempDir
    Path home;

    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = home.resolve("keys.yaml");
        Files.writeString(config, """
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  journal: "%s/journal"
                """.formatted(home.toAbsolutePath(), home.toAbsolutePath()) + TestConfigs.MODELS);
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

    private Run keys(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "keys";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = config.toString();
        return run(all);
    }

    private static void refusedWithOneLine(Run r, String line) {
        assertThat(r.code()).as(r.err()).isNotZero();
        assertThat(r.err().strip()).isEqualTo(line);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void createPrintsTheSecretOnceListShowsEveryKeyWithoutItAndRevokeTakesAPrefix() throws Exception {
        Run created = keys("create", "--owner", "alice", "--name", "ci-bot", "--plan", "pro", "--budget-usd", "25",
                "--models", "gpt-4o-mini,gpt-4o");
        assertThat(created.code()).as(created.err()).isZero();
        String secret = created.out().strip();
        assertThat(secret).matches("sb-[A-Za-z0-9_-]{40}");
        String prefix = secret.substring(0, 10);
        List<String> err = created.err().lines().toList();
        assertThat(err).hasSize(2);
        assertThat(err.get(0)).matches("created key gk_[0-9a-f]{12} \\(" + java.util.regex.Pattern.quote(prefix)
                + "\\) for alice: name ci-bot, plan pro, budget 25.00 USD a month, models gpt-4o,gpt-4o-mini");
        assertThat(err.get(1)).startsWith("This secret will not be shown again: copy it now.")
                .contains("switchboard keys revoke " + prefix).doesNotContain(secret.substring(10));

        Run bare = keys("create", "--owner", "bob");
        assertThat(bare.code()).as(bare.err()).isZero();
        assertThat(bare.err()).contains("for bob: name -, plan default, budget none, models all");
        String bobPrefix = bare.out().strip().substring(0, 10);

        Run list = keys("list");
        assertThat(list.code()).as(list.err()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("PREFIX").contains("ID", "NAME", "OWNER", "PLAN", "BUDGET/MO (USD)",
                "MODELS", "CREATED (UTC)", "REVOKED (UTC)");
        // Newest first: bob's key was created last.
        assertThat(lines.get(1)).startsWith(bobPrefix).contains(" bob ", " none ", " all ").endsWith(" -");
        assertThat(lines.get(2)).startsWith(prefix).contains(" ci-bot ", " alice ", " pro ", " 25.00 ",
                " gpt-4o,gpt-4o-mini ").endsWith(" -");
        assertThat(lines.get(3)).isEqualTo("2 keys, 2 live");
        // The columns line up.
        int owner = lines.get(0).indexOf("OWNER");
        assertThat(lines.get(1).substring(owner)).startsWith("bob ");
        assertThat(lines.get(2).substring(owner)).startsWith("alice ");
        assertThat(list.out() + list.err()).doesNotContain(secret.substring(10));

        Run revoked = keys("revoke", prefix);
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(revoked.out().strip()).matches("revoked key gk_[0-9a-f]{12} \\("
                + java.util.regex.Pattern.quote(prefix) + "\\) of alice; running gateways refuse it within 5 s");
        Run again = keys("revoke", prefix);
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("was already revoked at");
        Run after = keys("list");
        assertThat(after.out().lines().toList().get(2)).startsWith(prefix).doesNotEndWith(" -")
                .matches(".* \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$");
        assertThat(after.out()).contains("2 keys, 1 live");

        // Nothing was written to a file but the database; the secret is in none of the test's files either.
        try (var files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(secret.substring(10));
            }
        }
    }

    @Test
    void anEmptyListSaysHowToCreateAKey() {
        Run r = keys("list");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("No gateway keys yet. Create one: switchboard keys create --owner USER");
    }

    @Test
    void badInputIsOneLineNamingTheOption() {
        refusedWithOneLine(keys("create", "--owner", " "), "switchboard: keys create --owner: is required");
        refusedWithOneLine(keys("create", "--owner", "alice", "--name", "ci bot"),
                "switchboard: keys create --name: must be 1-64 letters, digits, '.', '_' or '-' (starting with a "
                        + "letter or digit), got 'ci bot'");
        refusedWithOneLine(keys("create", "--owner", "alice", "--budget-usd", "-5"),
                "switchboard: keys create --budget-usd: must be zero or more, got -5");
        refusedWithOneLine(keys("create", "--owner", "alice", "--budget-usd", "lots"),
                "switchboard: keys create --budget-usd: must be an amount in USD like 25 or 12.50, got 'lots'");
        refusedWithOneLine(keys("create", "--owner", "alice", "--models", "gpt-4o,gpt/4"),
                "switchboard: keys create --models: must be 1-64 letters, digits, '.', '_' or '-' (starting with a "
                        + "letter or digit), got 'gpt/4'");
        refusedWithOneLine(keys("revoke", "gk_000000000000"),
                "switchboard: keys revoke gk_000000000000: no key has this id or prefix (see switchboard keys list)");
        Run missingOwner = keys("create");
        assertThat(missingOwner.code()).isEqualTo(2);
        assertThat(missingOwner.err().strip()).startsWith("switchboard: keys create Missing required option: "
                + "'--owner=USER'");
        assertThat(keys("list").out()).startsWith("No gateway keys yet");
    }

    @Test
    void aSecretGivenToRevokeIsRefusedWithoutBeingEchoed() {
        String secret = keys("create", "--owner", "alice").out().strip();
        Run r = keys("revoke", secret);
        refusedWithOneLine(r, "switchboard: keys revoke ID_OR_PREFIX: give the key's id or its 10-character prefix "
                + "(sb-XXXXXXX), not its secret");
        assertThat(keys("list").out()).contains("1 key, 1 live");
    }

    @Test
    void aPlanOrModelTheConfigDoesNotKnowIsAWarning() {
        Run r = keys("create", "--owner", "alice", "--plan", "platinum", "--models", "gpt-4o,gpt-5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("switchboard: warning: plan 'platinum' is not one of the config's plans "
                        + "[free, pro, expert, master]; the key's requests get the default plan 'free'")
                .contains("switchboard: warning: model 'gpt-5' is not one of the config's models [gpt-4o-mini, "
                        + "gpt-4o]; requests for it are refused as unknown")
                .doesNotContain("model 'gpt-4o' ");
    }

    @Test
    void withoutALedgerThereAreNoKeys() throws Exception {
        Files.writeString(config, "ledger: {enabled: false}\n" + TestConfigs.MODELS);
        refusedWithOneLine(keys("list"), "switchboard: keys list: gateway keys live in the cost ledger's database, "
                + "and " + config + " has no ledger (ledger.enabled: false)");
    }

    @Test
    void anUnreachableDatabaseIsOneLine() throws Exception {
        Files.writeString(config, """
                ledger:
                  url: "jdbc:postgresql://127.0.0.1:1/nothing"
                  password: hunter2
                  journal: "%s/journal"
                """.formatted(home.toAbsolutePath()) + TestConfigs.MODELS);
        Run r = keys("list");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("switchboard: keys list: the gateway keys' database jdbc:postgresql://127.0.0.1:1/"
                + "nothing did not answer: ").doesNotContain("hunter2").doesNotContain("\tat ");
    }
}
