package dev.switchboard.console.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.parse.NamespaceParse;
import dev.switchboard.engine.parse.ParseSettings;
import dev.switchboard.engine.parse.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParseFormTest {
    @Test
    void aDraftListsStrategiesLeftOutOfTheChainAfterItOff() {
        ParseSettings s = ParseSettings.defaults().withChain(List.of(Strategy.FLEXIBLE, Strategy.STRICT_JSON));
        ParseForm.Draft d = ParseForm.draft(s);
        assertThat(d.chain()).containsExactly(new ParseForm.Link(Strategy.FLEXIBLE, true),
                new ParseForm.Link(Strategy.STRICT_JSON, true), new ParseForm.Link(Strategy.EXTRACTED_JSON, false),
                new ParseForm.Link(Strategy.KEY_VALUE, false), new ParseForm.Link(Strategy.REPROMPT, false));
        ParseForm.Result r = ParseForm.check(s, d);
        assertThat(r.valid()).isTrue();
        assertThat(r.settings()).isEqualTo(s);
    }

    @Test
    void errorsNameTheFieldAndTheLineAndColumn() {
        ParseSettings s = ParseSettings.defaults();
        List<ParseForm.Link> none = Strategy.ALL.stream().map(st -> new ParseForm.Link(st, false)).toList();
        ParseForm.Result r = ParseForm.check(s, new ParseForm.Draft(true, Map.of("order", "{\n  \"type\": }"), none,
                1, false));
        assertThat(r.errors()).containsEntry("chain", "chain: turn at least one strategy on");
        assertThat(r.errors().get("schemas.order")).startsWith("schemas.order: invalid JSON at line 2, column 11");
        assertThat(SchemaCheck.check("{\"type\": \"object\"} trailing").problem()).startsWith("invalid JSON at line 1");
        assertThat(SchemaCheck.check("[1, 2]").problem()).startsWith("not a valid JSON Schema");
        assertThat(ParseForm.nameProblem("my order", Set.of())).startsWith("schemas: a name is");
        assertThat(ParseForm.nameProblem("order", Set.of("order"))).isEqualTo("schemas.order: already exists");
    }

    @Test
    void aSchemaANamespaceUsesCannotBeDeleted() throws Exception {
        var schema = new ObjectMapper().readTree("{\"type\": \"object\"}");
        ParseSettings s = new ParseSettings(true, Strategy.ALL, 1, Map.of("order", schema),
                Map.of("orders", new NamespaceParse("order", List.of(), false)), false);
        ParseForm.Draft d = ParseForm.draft(s);
        ParseForm.Result r = ParseForm.check(s, new ParseForm.Draft(d.enabled(), Map.of(), d.chain(),
                d.maxReprompts(), d.rawOnFailure()));
        assertThat(r.errors().get("schemas")).startsWith("namespaces.orders.schema: unknown schema 'order'");
        // The edit keeps the namespaces of the config it is applied to.
        List<ParseForm.Link> chain = new ArrayList<>(d.chain());
        chain.set(0, new ParseForm.Link(Strategy.STRICT_JSON, false));
        ParseForm.Result ok = ParseForm.check(s, new ParseForm.Draft(true, d.schemas(), chain, 3, true));
        var applied = ok.edit().apply(dev.switchboard.testsupport.TestConfigs.l1Only().withParse(s));
        assertThat(applied.parse().namespaces()).isEqualTo(s.namespaces());
        assertThat(applied.parse().chain()).doesNotContain(Strategy.STRICT_JSON);
        assertThat(applied.parse().maxReprompts()).isEqualTo(3);
    }
}
