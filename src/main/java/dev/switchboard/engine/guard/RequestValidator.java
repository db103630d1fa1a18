package dev.switchboard.engine.guard;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Step 1 of the request path: rejects a malformed request with the field and the reason, before any work. */
public final class RequestValidator {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final int MAX_TOKENS_LIMIT = 1_000_000;

    private RequestValidator() {
    }

    private static void checkName(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.length() > max) {
            throw new InvalidRequestException(field, "must be 1-" + max + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidRequestException(field, "must not contain control characters (at " + i + ")");
            }
        }
    }

    /** @return the model the request names, as configured */
    public static ModelConfig validate(ChatRequest r, SwitchboardConfig config) {
        if (r.model() == null || r.model().isBlank()) {
            throw new InvalidRequestException("model", "is required");
        }
        ModelConfig model = config.models().get(r.model());
        if (model == null) {
            // Routes are resolved before this check; a caller who mistyped one should see them listed too.
            throw new InvalidRequestException("model", "unknown model '" + r.model() + "'; configured: "
                    + config.models().keySet() + (config.routing().routes().isEmpty() ? ""
                    : "; routes: " + config.routing().routes().keySet()));
        }
        if (!NAMESPACE.matcher(r.namespace()).matches()) {
            throw new InvalidRequestException("namespace",
                    "must be 1-64 letters, digits, '.', '_' or '-', got '" + r.namespace() + "'");
        }
        // Who asked is recorded in the cost ledger with every answer: keep it a printable, bounded name.
        checkName("user", r.user(), 128);
        checkName("plan", r.plan(), 64);
        List<Message> messages = r.messages();
        if (messages.isEmpty()) {
            throw new InvalidRequestException("messages", "at least one message is required");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (!ROLES.contains(messages.get(i).role())) {
                throw new InvalidRequestException("messages[" + i + "].role",
                        "must be one of system, user, assistant, tool; got '" + messages.get(i).role() + "'");
            }
        }
        if (r.temperature() != null && !(r.temperature() >= 0.0 && r.temperature() <= 2.0)) {
            throw new InvalidRequestException("temperature", "must be between 0 and 2, got " + r.temperature());
        }
        if (r.maxTokens() != null && (r.maxTokens() < 1 || r.maxTokens() > MAX_TOKENS_LIMIT)) {
            throw new InvalidRequestException("max_tokens",
                    "must be between 1 and " + MAX_TOKENS_LIMIT + ", got " + r.maxTokens());
        }
        if (r.topP() != null && !(r.topP() > 0.0 && r.topP() <= 1.0)) {
            throw new InvalidRequestException("top_p", "must be greater than 0 and at most 1, got " + r.topP());
        }
        return model;
    }
}
