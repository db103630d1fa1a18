package dev.switchboard.engine.error;

/**
 * A guard in {@code block} mode found what it looks for. The message names the rule and where it matched (the
 * field and character offsets), never the matched text itself: that is the secret or the personal data.
 */
public final class GuardrailBlockedException extends EngineException {
    private final String rule;
    private final String field;
    private final int start;
    private final int end;
    private final boolean output;

    /**
     * @param rule   the rule that matched, e.g. {@code pii.card}, {@code injection.ignore_instructions}
     * @param field  where: {@code messages[2].content}, {@code system}, or {@code output} for an answer
     * @param start  the first character of the match in that field
     * @param end    one past the last character
     * @param output whether the answer was blocked (the request itself was fine)
     */
    public GuardrailBlockedException(String rule, String field, int start, int end, boolean output) {
        super("guardrail_blocked", (output ? "guardrail blocked the answer: rule " : "guardrail blocked the request: rule ")
                + rule + " matched " + field + " at characters " + start + "-" + end
                + (output ? "; the answer was not returned or stored" : "; remove that part of the text, or ask the "
                        + "operator to set this guard to redact or flag for the namespace"));
        this.rule = rule;
        this.field = field;
        this.start = start;
        this.end = end;
        this.output = output;
    }

    public String rule() {
        return rule;
    }

    public String field() {
        return field;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public boolean output() {
        return output;
    }
}
