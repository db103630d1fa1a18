package dev.switchboard.engine.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import java.util.ArrayList;
import java.util.List;

/** The follow-up sent when no strategy could parse an answer: the model sees its answer and what was wrong. */
public final class Reprompt {
    /** How the follow-up's user message starts; the simulator and the stats recognise a re-prompt by it. */
    public static final String MARKER = "Your previous answer could not be parsed";

    private Reprompt() {
    }

    /**
     * The conversation to send back: {@code original}, the bad answer as the assistant's, and a user message
     * listing the errors (path and reason) and asking for only JSON matching the schema or fields.
     */
    public static List<Message> followUp(List<Message> original, String badOutput, Expectation e, Parsed failure) {
        List<Message> out = new ArrayList<>(original.size() + 2);
        out.addAll(original);
        out.add(new Message("assistant", badOutput == null ? "" : badOutput));
        StringBuilder sb = new StringBuilder(MARKER).append(".\n");
        if (failure.refusal()) {
            sb.append("It did not contain an answer.\n");
        } else {
            sb.append("Errors:\n");
            sb.append("- ").append(failure.failedPath()).append(": ").append(failure.failedReason()).append('\n');
        }
        switch (e) {
            case Expectation.JsonSchema js -> sb.append("Reply with only a JSON value matching this JSON Schema, no "
                    + "prose and no code fences:\n").append(json(js.schema()));
            case Expectation.Fields f -> sb.append("Reply with only a JSON object with these fields, no prose and no "
                    + "code fences: ").append(String.join(", ", f.fields()));
            case Expectation.JsonObject o -> sb.append("Reply with only a JSON object, no prose and no code fences.");
        }
        out.add(new Message("user", sb.toString()));
        return out;
    }

    /** True when the request's last message is a follow-up made by {@link #followUp}. */
    public static boolean isFollowUp(ChatRequest r) {
        List<Message> m = r.messages();
        if (m.isEmpty()) {
            return false;
        }
        Message last = m.get(m.size() - 1);
        return "user".equals(last.role()) && last.content().startsWith(MARKER);
    }

    private static String json(com.fasterxml.jackson.databind.JsonNode n) {
        try {
            return JsonText.STRICT.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            return n.toString();
        }
    }
}
