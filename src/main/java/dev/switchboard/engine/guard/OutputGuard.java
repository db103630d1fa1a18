package dev.switchboard.engine.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.engine.guard.policy.GuardMode;
import dev.switchboard.engine.guard.policy.GuardPolicy;
import dev.switchboard.engine.guard.policy.GuardRules;
import dev.switchboard.engine.request.StructuredOutput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Step 9: the output guards over an answer. A parsed answer is guarded value by value (each string, and each
 * number, which is where a card or phone number may sit), so a redaction keeps the JSON valid; its text is then
 * the guarded value's JSON. Any other answer is guarded as text.
 */
public final class OutputGuard {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Guards guards;

    public OutputGuard(Guards guards) {
        this.guards = guards;
    }

    /** An answer after the output guards, with a route note per verdict; the same instances when clean. */
    public record Guarded(String answer, StructuredOutput output, List<String> notes) {
    }

    /** Whether these output rules can change or withhold an answer (not only flag it). */
    public static boolean rewrites(GuardRules rules) {
        return acts(rules.pii()) || acts(rules.secrets()) || acts(rules.blocklist()) || acts(rules.injection());
    }

    private static boolean acts(GuardMode m) {
        return m == GuardMode.REDACT || m == GuardMode.BLOCK;
    }

    /**
     * @throws dev.switchboard.engine.error.GuardrailBlockedException when a guard in block mode matches
     */
    public Guarded check(String answer, StructuredOutput output, GuardPolicy policy) {
        if (!policy.active()) {
            return new Guarded(answer, output, List.of());
        }
        if (output == null || !output.parsed()) {
            GuardedText g = guards.checkOutput(answer, policy);
            return new Guarded(g.text(), output, g.clean() ? List.of()
                    : g.verdicts().stream().map(Guards::describe).toList());
        }
        List<String> notes = new ArrayList<>(0);
        JsonNode value = guard(output.value(), "$", policy, notes);
        if (value == output.value()) {
            return new Guarded(answer, output, notes);
        }
        StructuredOutput guarded = new StructuredOutput(output.expectation(), value, output.strategy(),
                output.failed(), output.reprompts(), output.repromptCostUsd());
        try {
            return new Guarded(JSON.writeValueAsString(value), guarded, notes);
        } catch (JsonProcessingException e) {
            return new Guarded(value.toString(), guarded, notes);
        }
    }

    /** {@code node} with its leaves guarded; the same instance when nothing changed (copied on the first change). */
    private JsonNode guard(JsonNode node, String path, GuardPolicy policy, List<String> notes) {
        if (node.isTextual() || node.isNumber()) {
            String text = node.asText();
            GuardedText g = guards.checkOutput(text, policy);
            for (Verdict v : g.verdicts()) {
                notes.add(Guards.describe(new Verdict(v.rule(), v.mode(), Guards.OUTPUT + " " + path, v.start(),
                        v.end(), v.score())));
            }
            return g.text().equals(text) ? node : TextNode.valueOf(g.text());
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode g = guard(f.getValue(), path + "." + f.getKey(), policy, notes);
                if (g != f.getValue()) {
                    if (copy == null) {
                        copy = ((ObjectNode) node).deepCopy();
                    }
                    copy.set(f.getKey(), g);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode g = guard(node.get(i), path + "[" + i + "]", policy, notes);
                if (g != node.get(i)) {
                    if (copy == null) {
                        copy = ((ArrayNode) node).deepCopy();
                    }
                    copy.set(i, g);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }
}
