package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.guard.policy.GuardMode;
import dev.switchboard.engine.guard.policy.GuardRules;
import dev.switchboard.engine.guard.policy.GuardSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code guards:} section: defaults, every key, namespace overrides key by key, errors with the path. */
class GuardConfigTest {
    private static final String MODELS = """
            models:
              gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.6}
            """;

    private static SwitchboardConfig parse(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, "t.yaml");
    }

    @Test
    void withoutTheSectionEveryGuardIsOff() {
        SwitchboardConfig c = parse(MODELS);
        assertThat(c.guards()).isEqualTo(GuardSettings.defaults());
        assertThat(c.guards().policyFor("default", false).active()).isFalse();
        assertThat(c.guards().policyFor("default", true).active()).isFalse();
    }

    @Test
    void readsEveryKeyAndMergesNamespacesKeyByKey() {
        SwitchboardConfig c = parse("""
                guards:
                  input:
                    pii: redact
                    secrets: redact
                    injection: flag
                    blocklist: block
                    injection_threshold: 0.7
                    blocklist_terms: [project falcon, codename]
                    blocklist_patterns: ["ticket-\\\\d+"]
                    phone_region: gb
                    pii_types: [email, phone]
                  output: {pii: redact, secrets: block}
                  namespaces:
                    support:
                      input: {pii: block, injection_threshold: 0.5}
                    internal:
                      output: {secrets: off}
                """ + MODELS);
        GuardRules in = c.guards().input();
        assertThat(in).isEqualTo(new GuardRules(GuardMode.REDACT, GuardMode.REDACT, GuardMode.FLAG, GuardMode.BLOCK,
                0.7, List.of("project falcon", "codename"), List.of("ticket-\\d+"), "GB", Set.of("email", "phone")));
        assertThat(c.guards().output().secrets()).isEqualTo(GuardMode.BLOCK);
        assertThat(c.guards().output().injection()).isEqualTo(GuardMode.OFF);
        GuardRules support = c.guards().rulesFor("support", false);
        assertThat(support.pii()).isEqualTo(GuardMode.BLOCK);
        assertThat(support.injectionThreshold()).isEqualTo(0.5);
        assertThat(support.blocklistTerms()).as("inherited").containsExactly("project falcon", "codename");
        assertThat(support.phoneRegion()).isEqualTo("GB");
        assertThat(c.guards().rulesFor("support", true)).as("output not overridden").isEqualTo(c.guards().output());
        assertThat(c.guards().rulesFor("internal", true).secrets()).isEqualTo(GuardMode.OFF);
        assertThat(c.guards().rulesFor("internal", true).pii()).isEqualTo(GuardMode.REDACT);
        assertThat(c.guards().rulesFor("elsewhere", false)).isEqualTo(in);
    }

    @Test
    void errorsNameTheDottedPathAndTheReason() {
        assertThatThrownBy(() -> parse("guards: {input: {pii: redcat}}\n" + MODELS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("guards.input.pii: unknown mode 'redcat'; known: block, redact, flag, off");
        assertThatThrownBy(() -> parse("guards: {output: {secret: redact}}\n" + MODELS))
                .hasMessageContaining("guards.output.secret: unknown key");
        assertThatThrownBy(() -> parse("guards: {input: {injection_threshold: 1.5}}\n" + MODELS))
                .hasMessageContaining("guards.input.injection_threshold: must be greater than 0 and at most 1");
        assertThatThrownBy(() -> parse("guards: {input: {pii_types: [email, passport]}}\n" + MODELS))
                .hasMessageContaining("guards.input.pii_types: unknown type 'passport'");
        assertThatThrownBy(() -> parse("guards: {input: {phone_region: XX}}\n" + MODELS))
                .hasMessageContaining("guards.input.phone_region: unknown region 'XX'");
        assertThatThrownBy(() -> parse("guards: {input: {blocklist_patterns: ['(']}}\n" + MODELS))
                .hasMessageContaining("guards.input.blocklist_patterns: entry 0 is not a valid regular expression");
        assertThatThrownBy(() -> parse("guards: {namespaces: {support: {input: {pii: nope}}}}\n" + MODELS))
                .hasMessageContaining("guards.namespaces.support.input.pii: unknown mode 'nope'");
        assertThatThrownBy(() -> parse("guards: {inputs: {}}\n" + MODELS))
                .hasMessageContaining("guards.inputs: unknown key");
    }

    @Test
    void aBareOffInYamlReadsAsOff() {
        assertThat(parse("guards: {input: {pii: off, secrets: redact}}\n" + MODELS).guards().input().pii())
                .isEqualTo(GuardMode.OFF);
    }

    @Test
    void savingTheConfigKeepsTheSection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                guards:
                  input: {pii: redact, blocklist_terms: [falcon]}
                  namespaces:
                    support: {input: {pii: block}}
                """ + MODELS);
        ConfigFile cf = new ConfigFile(file, new ConfigLoader(Map.<String, String>of()::get));
        SwitchboardConfig c = cf.load();
        cf.save(c.withNamespacePolicy("support", NamespacePolicy.STORE));
        SwitchboardConfig back = cf.load();
        assertThat(back.guards()).isEqualTo(c.guards());
        assertThat(Files.readString(file)).contains("guards");
        SwitchboardConfig other = new SwitchboardConfig(c.tiers(), c.namespaces(), c.models(), c.simulated(),
                c.limits(), c.resilience(), c.ledger(), c.budgets(), c.providers(), c.gateway(), c.semantic());
        assertThat(other.guards()).as("the older constructor defaults the guards").isEqualTo(GuardSettings.defaults());
    }
}
