package dev.switchboard.engine.parse;

import java.util.regex.Pattern;

/** Spots a model declining to answer, so the failure says "refusal" rather than "no JSON found". */
final class Refusals {
    private static final Pattern OPENING = Pattern.compile("^\\s*(?:I['\u2019]m sorry|I am sorry|Sorry\\b|I apologi[sz]e"
            + "|I can(?:not|['\u2019]t)\\b|I['\u2019]m (?:not able|unable)|I am (?:not able|unable)|I won['\u2019]t\\b"
            + "|As an AI\\b|Unfortunately,? I can)", Pattern.CASE_INSENSITIVE);

    private Refusals() {
    }

    /** A refusal opens with an apology or a "cannot" and carries no JSON. */
    static boolean is(String text) {
        int i = JsonText.firstNonSpace(text);
        if (i >= text.length()) {
            return false;
        }
        char c = Character.toUpperCase(text.charAt(i));
        if (c != 'I' && c != 'S' && c != 'A' && c != 'U') {
            return false;
        }
        return text.indexOf('{') < 0 && OPENING.matcher(text).find();
    }
}
