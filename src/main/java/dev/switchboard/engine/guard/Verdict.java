package dev.switchboard.engine.guard;

import dev.switchboard.engine.guard.policy.GuardMode;

/**
 * What a guard decided about one finding: the rule, what it did, where (the field and offsets into that field's
 * original text) and how sure. No matched text: a verdict goes into traces, route notes and the console as it is.
 *
 * @param field {@code system}, {@code messages[i].content} or {@code output}
 */
public record Verdict(String rule, GuardMode mode, String field, int start, int end, double score) {
}
