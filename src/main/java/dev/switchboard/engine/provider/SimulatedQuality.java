package dev.switchboard.engine.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.QualitySettings;
import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.parse.Reprompt;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.route.TaskClassifier;
import dev.switchboard.engine.route.TaskProfile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's quality model ({@link QualitySettings}, config {@code simulated.quality}): whether a simulated
 * answer is right, and how confident the model says it is, so routing, cascades and votes can be measured for cost
 * against accuracy.
 *
 * <p><b>The prompt</b> is the request's last user message (for a parse re-prompt, the one before it), classified by
 * {@link TaskClassifier} without the system prompt, so a question has one class and complexity whatever app asks it.
 * Model {@code M} answers it correctly with probability {@code p = clamp(q[M][class] + complexity[x])}.
 *
 * <p><b>Correctness</b> is drawn through a Gaussian copula, so {@code P(correct) = p} exactly while models share a
 * prompt's difficulty: {@code z = sqrt(rho) * z_prompt + sqrt(1 - rho) * z_own}, with {@code z_prompt} a standard
 * normal drawn from the prompt's hash (every model and sample shares it) and {@code z_own} from the hash of prompt,
 * model and sample; the answer is correct iff {@code Phi(z) < p}. A hard prompt (high {@code z_prompt}) is hard for
 * every model. The sample is the request's {@code seed} when its temperature is above 0 (so several samples of one
 * model can disagree, as votes need), else 0: the same request gets the same verdict, as the simulator's answers
 * always were.
 *
 * <p><b>Confidence</b>: a signal {@code s ~ N(+d/2, 1)} when correct, {@code N(-d/2, 1)} when wrong ({@code d} the
 * separation), and {@code confidence = p phi(s - d/2) / (p phi(s - d/2) + (1 - p) phi(s + d/2))}, the posterior
 * probability of being right given the signal: by Bayes exactly calibrated (of the answers with confidence c, a share
 * c is right). It is {@link ProviderResponse#confidence()} and, where a schema has a number property
 * {@code confidence}, the self-reported one.
 *
 * <p><b>What the answer carries</b>: a plain answer ends {@code " Answer: <code>."}, the prompt's oracle
 * {@link #code} when right, another 8-hex code (from the hash of prompt, model and sample) when wrong, so wrong
 * answers of different models or samples disagree. A structured answer gets the first string property with an
 * {@code enum} set to the prompt's oracle {@link #label} (or another of its values), a string property
 * {@code answer} set to the code, a number property {@code confidence} set to the confidence; its shape (clean,
 * prose, broken, ...) is as {@link SimulatedOutput} draws it. {@link #correct} scores any answer by these marks.
 *
 * <p><b>A verifier</b>: a request whose system prompt starts with {@link #VERIFIER_SYSTEM} and whose user message is
 * {@link #verifierPrompt} is answered with a number only: the verifier model's calibrated probability that the
 * candidate answer is right (it carries the question's oracle code). Its separation is
 * {@code separation * (1 + p_verifier)} (a better model is a better judge) and its prior the mean {@code p} of every
 * model in the quality model for that class and complexity ({@value #UNKNOWN_PRIOR} with none): calibrated for
 * candidates drawn evenly from those models. It judges by the code only: a candidate with no code (a label-only
 * structured answer, a refusal) counts as wrong.
 *
 * <p>Everything here is a pure function of its inputs; hashes are 64-bit FNV-1a and normals Box-Muller over
 * {@link SplittableRandom} with {@link StrictMath}, so verdicts repeat across runs and machines.
 */
public final class SimulatedQuality {
    /** The system prompt that makes a simulated model a verifier; a request's system prompt must start with it. */
    public static final String VERIFIER_SYSTEM = dev.switchboard.engine.route.Verifier.SYSTEM;
    /** The verifier's prior when the quality model lists no model. */
    public static final double UNKNOWN_PRIOR = 0.8;

    private static final TaskClassifier CLASSIFIER = new TaskClassifier();
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final String QUESTION = "Question:\n";
    private static final String ANSWER = "\n\nAnswer:\n";
    /** The code where an answer states it: {@code Answer: 1a2b3c4d}, {@code "answer": "1a2b3c4d"}, key-value lines. */
    private static final Pattern CODE = Pattern.compile("(?i)\\banswer\"?\\s*[:=]\\s*\"?([0-9a-f]{8})(?![0-9a-z])");

    private SimulatedQuality() {
    }

    /**
     * One answer's verdict.
     *
     * @param p          the probability this model answers this prompt correctly
     * @param code       the code the answer carries: the oracle's when correct
     * @param wrongHash  picks the wrong label of a structured answer
     */
    public record Verdict(String prompt, String model, long sample, TaskProfile profile, double p, boolean correct,
                          double confidence, String code, long wrongHash) {
        /** The label a structured answer with these enum values carries: the oracle's when correct. */
        public String label(List<String> values) {
            String right = SimulatedQuality.label(prompt, values);
            if (correct || values.size() < 2) {
                return right;
            }
            int at = values.indexOf(right);
            return values.get((at + 1 + (int) Math.floorMod(wrongHash, (long) values.size() - 1)) % values.size());
        }
    }

    /** The verdict on {@code model}'s answer to {@code r}; null without a quality model or when it lists no {@code model}. */
    public static Verdict verdict(QualitySettings q, String model, ChatRequest r) {
        return q == null ? null : verdict(q, model, prompt(r), sample(r));
    }

    /** The verdict on {@code model}'s answer to {@code prompt} in sample {@code sample}; null when {@code q} lists no {@code model}. */
    public static Verdict verdict(QualitySettings q, String model, String prompt, long sample) {
        TaskProfile profile = CLASSIFIER.classify(null, prompt);
        Double p = q.probability(model, profile.taskClass(), profile.complexity());
        if (p == null) {
            return null;
        }
        double rho = q.correlation();
        double zPrompt = normal(new SplittableRandom(promptHash(prompt)));
        SplittableRandom own = new SplittableRandom(ownHash(prompt, model, sample));
        double zOwn = normal(own);
        double z = StrictMath.sqrt(rho) * zPrompt + StrictMath.sqrt(1 - rho) * zOwn;
        boolean correct = cdf(z) < p;
        double d = q.separation();
        double s = (correct ? d / 2 : -d / 2) + normal(own);
        long wrong = own.nextLong();
        String code = correct ? code(prompt) : wrongCode(prompt, wrong);
        return new Verdict(prompt, model, sample, profile, p, correct, posterior(p, d, s), code, wrong);
    }

    /** The prompt a verdict is about: the last user message; for a parse re-prompt, the user message it follows up. */
    public static String prompt(ChatRequest r) {
        List<Message> m = r.messages();
        int end = m.size() - 1;
        if (Reprompt.isFollowUp(r)) {
            end -= 2;
        }
        for (int i = end; i >= 0; i--) {
            if ("user".equals(m.get(i).role())) {
                return m.get(i).content();
            }
        }
        return "";
    }

    /** The sample index: the seed of a request with a temperature above 0, else 0. */
    public static long sample(ChatRequest r) {
        return r.temperature() != null && r.temperature() > 0 && r.seed() != null ? r.seed() : 0;
    }

    /** The prompt's right answer as 8 lower-case hex digits. */
    public static String code(String prompt) {
        return hex(new SplittableRandom(fnv(fnv(OFFSET, "sb.quality.oracle"), prompt)).nextLong());
    }

    /** The prompt's right label among {@code enumValues}: {@code enumValues[hash(prompt) % size]}. */
    public static String label(String prompt, List<String> enumValues) {
        if (enumValues.isEmpty()) {
            throw new IllegalArgumentException("enumValues: must not be empty");
        }
        long h = new SplittableRandom(fnv(fnv(OFFSET, "sb.quality.label"), prompt)).nextLong();
        return enumValues.get((int) Math.floorMod(h, (long) enumValues.size()));
    }

    /**
     * Whether {@code answerText} answers {@code prompt} rightly, by the code it carries ({@code Answer: CODE}, an
     * {@code answer} field): true or false, or null when it carries none (a refusal, an answer the quality model did
     * not mark).
     */
    public static Boolean correct(String prompt, String answerText) {
        if (answerText == null) {
            return null;
        }
        String found = null;
        Matcher m = CODE.matcher(answerText);
        while (m.find()) {
            found = m.group(1);
        }
        return found == null ? null : found.toLowerCase(Locale.ROOT).equals(code(prompt));
    }

    /**
     * As {@link #correct(String, String)}, and for an answer to a structured request also by its label: with no code
     * in the answer, the value of the schema's first string property with an {@code enum} (the one the simulator
     * marks), compared with the oracle's label case-insensitively after trimming. {@code responseFormat} is the
     * request's {@code response_format} (null or one without a schema: codes only).
     */
    public static Boolean correct(String prompt, String answerText, JsonNode responseFormat) {
        Boolean byCode = correct(prompt, answerText);
        if (byCode != null || answerText == null || responseFormat == null) {
            return byCode;
        }
        Expectation e = Expectation.fromResponseFormat(responseFormat);
        if (!(e instanceof Expectation.JsonSchema js)) {
            return null;
        }
        Map.Entry<String, List<String>> field = enumField(js.schema());
        if (field == null) {
            return null;
        }
        Matcher m = Pattern.compile("(?i)(?<![A-Za-z0-9_])\"?" + Pattern.quote(field.getKey())
                + "\"?\\s*[:=]\\s*\"?([^\"\\n,}\\]]*)").matcher(answerText);
        if (!m.find()) {
            return null;
        }
        String value = m.group(1).strip();
        return value.equalsIgnoreCase(label(prompt, field.getValue()).strip());
    }

    /** The user message of a verifier request about {@code answer} to {@code question}. */
    public static String verifierPrompt(String question, String answer) {
        return dev.switchboard.engine.route.Verifier.prompt(question, answer);
    }

    /** Whether {@code r} asks a verifier's question ({@link #VERIFIER_SYSTEM}, {@link #verifierPrompt}). */
    public static boolean isVerifier(ChatRequest r) {
        return r.system() != null && r.system().startsWith(VERIFIER_SYSTEM) && !r.messages().isEmpty()
                && verifierParts(r.messages().get(r.messages().size() - 1).content()) != null;
    }

    /**
     * The verifier {@code model}'s answer to {@code r}: its calibrated probability that the candidate is right, as
     * {@code 0.1234}; null when {@code r} is no verifier request or {@code q} lists no {@code model}.
     */
    public static String verify(QualitySettings q, String model, ChatRequest r) {
        if (q == null || !isVerifier(r)) {
            return null;
        }
        String[] parts = verifierParts(r.messages().get(r.messages().size() - 1).content());
        Double c = verifierConfidence(q, model, parts[0], parts[1], sample(r));
        return c == null ? null : String.format(Locale.ROOT, "%.4f", c);
    }

    /** The verifier's probability that {@code answer} is right; null when {@code q} lists no {@code model}. */
    public static Double verifierConfidence(QualitySettings q, String model, String question, String answer,
                                            long sample) {
        TaskProfile profile = CLASSIFIER.classify(null, question);
        Double pv = q.probability(model, profile.taskClass(), profile.complexity());
        if (pv == null) {
            return null;
        }
        double prior = q.average(profile.taskClass(), profile.complexity(), UNKNOWN_PRIOR);
        double d = q.separation() * (1 + pv);
        boolean truth = Boolean.TRUE.equals(correct(question, answer));
        long h = fnv(fnv(fnv(fnv(fnv(OFFSET, "sb.quality.verify"), question), answer), model), Long.toString(sample));
        double s = (truth ? d / 2 : -d / 2) + normal(new SplittableRandom(h));
        return posterior(prior, d, s);
    }

    /** A plain answer marked with the verdict's code. */
    static String plain(String text, Verdict v) {
        return text + " Answer: " + v.code() + ".";
    }

    /**
     * A structured value marked with the verdict: the first string enum property its label, {@code answer} (a
     * string property) its code, {@code confidence} (a number property) its confidence. Top-level properties of an
     * object schema only; anything else is returned as it was.
     */
    static JsonNode mark(JsonNode value, JsonNode schema, Verdict v) {
        if (!(value instanceof ObjectNode o) || schema == null || !schema.path("properties").isObject()) {
            return value;
        }
        ObjectNode out = o.deepCopy();
        Map.Entry<String, List<String>> field = enumField(schema);
        if (field != null) {
            out.put(field.getKey(), v.label(field.getValue()));
        }
        JsonNode props = schema.get("properties");
        if (is(props.get("answer"), "string") && !props.get("answer").has("enum")) {
            out.put("answer", v.code());
        }
        if (is(props.get("confidence"), "number")) {
            out.put("confidence", Math.round(v.confidence() * 1000) / 1000.0);
        }
        return out;
    }

    /** The first top-level string property with an {@code enum} of strings, and its values; null when none. */
    static Map.Entry<String, List<String>> enumField(JsonNode schema) {
        JsonNode props = schema == null ? null : schema.get("properties");
        if (props == null || !props.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode en = e.getValue().get("enum");
            if (en == null || !en.isArray() || en.isEmpty() || !is(e.getValue(), "string")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (JsonNode x : en) {
                if (!x.isTextual()) {
                    values = null;
                    break;
                }
                values.add(x.asText());
            }
            if (values != null) {
                return Map.entry(e.getKey(), List.copyOf(values));
            }
        }
        return null;
    }

    /** Whether a property's schema is of {@code type} (or names no type: an enum of strings is a string). */
    private static boolean is(JsonNode s, String type) {
        if (s == null || !s.isObject()) {
            return false;
        }
        JsonNode t = s.get("type");
        if (t == null) {
            return "string".equals(type) && s.has("enum");
        }
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (type.equals(x.asText())) {
                    return true;
                }
            }
            return false;
        }
        return type.equals(t.asText());
    }

    /** {question, candidate} of a verifier's user message; null when it is not of that form. */
    private static String[] verifierParts(String user) {
        if (user == null || !user.startsWith(QUESTION)) {
            return null;
        }
        int at = user.lastIndexOf(ANSWER);
        if (at < QUESTION.length()) {
            return null;
        }
        return new String[] {user.substring(QUESTION.length(), at), user.substring(at + ANSWER.length())};
    }

    /** P(right | signal s) for prior p and separation d: {@code 1 / (1 + (1 - p) / p * exp(-s d))}. */
    static double posterior(double p, double d, double s) {
        double c = 1.0 / (1.0 + (1 - p) / p * StrictMath.exp(-s * d));
        return Double.isNaN(c) ? p : c;
    }

    private static String wrongCode(String prompt, long wrong) {
        String c = hex(wrong);
        return c.equals(code(prompt)) ? hex(wrong ^ 1) : c;
    }

    private static String hex(long h) {
        return String.format(Locale.ROOT, "%08x", h & 0xFFFF_FFFFL);
    }

    private static long promptHash(String prompt) {
        return fnv(fnv(OFFSET, "sb.quality.prompt"), prompt);
    }

    private static long ownHash(String prompt, String model, long sample) {
        return fnv(fnv(fnv(fnv(OFFSET, "sb.quality.own"), prompt), model), Long.toString(sample));
    }

    private static long fnv(long h, String s) {
        return SimulatedProvider.fnv(h, s);
    }

    /** A standard normal by Box-Muller from the next two draws. */
    static double normal(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    /** The standard normal CDF, {@code Phi(x) = erfc(-x / sqrt 2) / 2}. */
    static double cdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /**
     * The complementary error function, by the Chebyshev fit of Numerical Recipes ({@code erfcc}): fractional error
     * under 1.2e-7 everywhere.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * StrictMath.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
