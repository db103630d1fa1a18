package dev.switchboard.engine.route;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The call a cascade makes to judge a stage's answer, and how its reply is read. */
public final class Verifier {
    /** The verifier's instruction; the simulator recognises it and judges as its quality model says. */
    public static final String SYSTEM = "You check whether an answer to a question is correct. Reply with only a "
            + "number from 0 to 1: the probability that it is correct.";
    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])(0(?:\\.\\d+)?|1(?:\\.0+)?|\\.\\d+)(?![\\d.])");

    private Verifier() {
    }

    /** The verifier's user message for {@code question} answered by {@code answer}. */
    public static String prompt(String question, String answer) {
        return "Question:\n" + question + "\n\nAnswer:\n" + answer;
    }

    /** The probability the reply gives, or null when it gives none in [0, 1]. */
    public static Double read(String reply) {
        if (reply == null) {
            return null;
        }
        Matcher m = NUMBER.matcher(reply);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }
}
