package dev.switchboard.engine.telemetry;

import java.util.List;

/**
 * What the request log keeps of a request beyond its {@link RequestEvent}: the cache key, the timeline of its
 * steps, the guard and parse verdicts, and, only where the namespace stores answers and the request did not opt
 * out, the prompt as the input guards left it and the answer as the output guards did, each cut to
 * {@value Steps#KEEP_CHARS} characters. Built by {@link Steps} only when a listener {@linkplain
 * RequestListener#wantsDetail() asks for it}.
 *
 * @param cacheKey the exact cache key; null when the request failed before it had one
 * @param steps    in the order they began
 * @param verdicts the guards' verdicts ({@code guard: ...} route notes) and the parse chain's ({@code parse: ...})
 * @param withheld why the prompt and answer are not kept ({@code namespace private is no-store}); null when kept
 * @param prompt   the guarded prompt, role by role; null when withheld
 * @param answer   the guarded answer; null when withheld or when there was none
 * @param failure  the error's message for a failed request where the namespace stores (it may quote the input);
 *                 else null
 */
public record RequestDetail(String cacheKey, List<Step> steps, List<String> verdicts, String withheld,
                            String prompt, String answer, String failure) {
    public RequestDetail {
        steps = List.copyOf(steps);
        verdicts = List.copyOf(verdicts);
    }

    /** Without the text: an event or entry printed to a log line must not carry a prompt or an answer. */
    @Override
    public String toString() {
        return "RequestDetail[cacheKey=" + cacheKey + ", steps=" + steps + ", verdicts=" + verdicts
                + (withheld != null ? ", " + withheld : ", prompt: " + length(prompt) + " chars, answer: "
                + length(answer) + " chars") + (failure != null ? ", failure: " + length(failure) + " chars" : "")
                + "]";
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
