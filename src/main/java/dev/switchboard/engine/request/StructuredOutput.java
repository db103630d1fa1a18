package dev.switchboard.engine.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the parse chain made of an answer that was expected to be structured: the value, the strategy that produced
 * it, and why the strategies before it failed. Plain data here, so a result can carry it without this package
 * depending on the parser.
 *
 * @param expectation what was expected: {@code json_object}, {@code fields} or the JSON Schema's name
 * @param value       the parsed value; null when parsing failed and the route returned the raw text
 * @param strategy    the strategy that succeeded ({@code strict_json}, ..., {@code reprompt}); null when none did
 * @param failed      each strategy tried before it, with its reason ({@code strict_json: no JSON at offset 0})
 * @param reprompts   calls made to have the model fix its output
 * @param repromptCostUsd what those calls cost (part of the request's cost; each is its own ledger row)
 */
public record StructuredOutput(String expectation, JsonNode value, String strategy, List<String> failed,
                               int reprompts, double repromptCostUsd) {
    public StructuredOutput {
        failed = failed == null ? List.of() : List.copyOf(failed);
    }

    public boolean parsed() {
        return value != null;
    }
}
