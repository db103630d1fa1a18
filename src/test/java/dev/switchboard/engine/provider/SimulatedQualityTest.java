package dev.switchboard.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.QualitySettings;
import dev.switchboard.engine.config.SimulatedConfig;
import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.parse.OutputParser;
import dev.switchboard.engine.parse.Parsed;
import dev.switchboard.engine.parse.Strategy;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TaskClass;
import dev.switchboard.workload.WorkloadTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's quality model: rates, calibration, shared difficulty, determinism, the verifier and the oracle. */
class SimulatedQualityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 20_000;
    private static final String MINI = "gpt-4o-mini";
    private static final String BIG = "gpt-4o";
    private static final ModelConfig MINI_CFG = new ModelConfig(MINI, "v1", "simulated", 0.15, 0.6);
    private static final ModelConfig BIG_CFG = new ModelConfig(BIG, "v1", "simulated", 2.5, 10);

    private static final QualitySettings Q = new QualitySettings(Map.of(
            MINI, new QualitySettings.ModelQuality(0.80, Map.of(TaskClass.CODING, 0.72, TaskClass.MATH, 0.65,
                    TaskClass.CHAT, 0.93)),
            BIG, new QualitySettings.ModelQuality(0.93, Map.of())),
            Map.of(Complexity.LOW, 0.06, Complexity.HIGH, -0.12), 1.5, 0.5);

    /** N distinct prompts over every task class and complexity. */
    private static List<String> prompts() {
        List<String> out = new ArrayList<>(N);
        List<WorkloadTasks.Template> t = WorkloadTasks.TEMPLATES;
        for (int i = 0; i < N; i++) {
            out.add(String.format(t.get(i % t.size()).prompt(), "service " + i));
        }
        return out;
    }

    private static SimulatedConfig config(QualitySettings q) {
        return new SimulatedConfig(Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofSeconds(1), 0, false, List.of(),
                Map.of()).withQuality(q);
    }

    @Test
    void eachModelIsRightAsOftenAsItsProbabilitySays() {
        for (String model : List.of(MINI, BIG)) {
            double correct = 0;
            double p = 0;
            for (String prompt : prompts()) {
                SimulatedQuality.Verdict v = SimulatedQuality.verdict(Q, model, prompt, 0);
                correct += v.correct() ? 1 : 0;
                p += v.p();
            }
            assertThat(correct / N).as(model).isCloseTo(p / N, within(0.015));
        }
        // And per class: the weak class is weak.
        double right = 0;
        int n = 0;
        for (String prompt : prompts()) {
            SimulatedQuality.Verdict v = SimulatedQuality.verdict(Q, MINI, prompt, 0);
            if (v.profile().taskClass() == TaskClass.MATH && v.profile().complexity() == Complexity.MEDIUM) {
                assertThat(v.p()).isEqualTo(0.65);
                right += v.correct() ? 1 : 0;
                n++;
            }
        }
        assertThat(n).isGreaterThan(500);
        assertThat(right / n).isCloseTo(0.65, within(0.05));
    }

    @Test
    void probabilitiesAreShiftedByComplexityAndClamped() {
        assertThat(Q.probability(MINI, TaskClass.CHAT, Complexity.LOW)).isEqualTo(0.99);
        assertThat(Q.probability(MINI, TaskClass.MATH, Complexity.HIGH)).isCloseTo(0.53, within(1e-12));
        assertThat(Q.probability(MINI, TaskClass.CREATIVE, Complexity.MEDIUM)).isEqualTo(0.80);
        assertThat(Q.probability("claude", TaskClass.CHAT, Complexity.LOW)).isNull();
        assertThat(SimulatedQuality.verdict(Q, "claude", "hi", 0)).isNull();
    }

    @Test
    void confidenceIsCalibrated() {
        int[] n = new int[10];
        double[] conf = new double[10];
        int[] right = new int[10];
        for (String model : List.of(MINI, BIG)) {
            for (String prompt : prompts()) {
                SimulatedQuality.Verdict v = SimulatedQuality.verdict(Q, model, prompt, 0);
                int b = Math.min(9, (int) (v.confidence() * 10));
                n[b]++;
                conf[b] += v.confidence();
                right[b] += v.correct() ? 1 : 0;
            }
        }
        int checked = 0;
        for (int b = 0; b < 10; b++) {
            if (n[b] >= 300) {
                checked++;
                assertThat((double) right[b] / n[b]).as("bucket " + b + " of " + n[b])
                        .isCloseTo(conf[b] / n[b], within(0.05));
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }

    @Test
    void confidenceSeparatesRightFromWrong() {
        double onRight = 0;
        double onWrong = 0;
        int r = 0;
        for (String prompt : prompts()) {
            SimulatedQuality.Verdict v = SimulatedQuality.verdict(Q, MINI, prompt, 0);
            if (v.correct()) {
                onRight += v.confidence();
                r++;
            } else {
                onWrong += v.confidence();
            }
        }
        assertThat(onRight / r).isGreaterThan(onWrong / (N - r) + 0.1);
    }

    @Test
    void sharedDifficultyMakesErrorsCoincide() {
        QualitySettings flat = new QualitySettings(Map.of(MINI, new QualitySettings.ModelQuality(0.6, Map.of()),
                BIG, new QualitySettings.ModelQuality(0.9, Map.of())), Map.of(), 1.5, 0.5);
        QualitySettings independent = new QualitySettings(flat.models(), Map.of(), 1.5, 0.0);
        assertThat(bigWrongWhenMiniWrong(flat)).as("rho 0.5: well above the independent 0.10").isGreaterThan(0.15);
        assertThat(bigWrongWhenMiniWrong(independent)).isCloseTo(0.10, within(0.015));
        // Samples of one model share the prompt too.
        int both = 0;
        int first = 0;
        for (String prompt : prompts()) {
            if (!SimulatedQuality.verdict(flat, MINI, prompt, 1).correct()) {
                first++;
                both += SimulatedQuality.verdict(flat, MINI, prompt, 2).correct() ? 0 : 1;
            }
        }
        assertThat((double) both / first).isGreaterThan(0.5);
    }

    private static double bigWrongWhenMiniWrong(QualitySettings q) {
        int miniWrong = 0;
        int both = 0;
        for (String prompt : prompts()) {
            if (!SimulatedQuality.verdict(q, MINI, prompt, 0).correct()) {
                miniWrong++;
                both += SimulatedQuality.verdict(q, BIG, prompt, 0).correct() ? 0 : 1;
            }
        }
        return (double) both / miniWrong;
    }

    @Test
    void verdictsRepeatAndSamplesAtTemperatureDiffer() {
        SimulatedProvider a = new SimulatedProvider(() -> config(Q));
        SimulatedProvider b = new SimulatedProvider(() -> config(Q));
        ChatRequest r = ChatRequest.builder().model(MINI).prompt("What are the pros and cons of Kafka?").build();
        ProviderResponse first = a.complete(r, MINI_CFG);
        assertThat(b.complete(r, MINI_CFG)).isEqualTo(first);
        assertThat(first.confidence()).isNotNull().isBetween(0.0, 1.0);
        assertThat(first.answer()).startsWith(SimulatedProvider.answer(MINI, r)).matches(".* Answer: [0-9a-f]{8}\\.");
        assertThat(SimulatedQuality.correct(r.messages().get(0).content(), first.answer()))
                .isEqualTo(SimulatedQuality.verdict(Q, MINI, r).correct());

        // A seed at temperature 0 is the same sample; at temperature 1 seeds are samples that can disagree.
        assertThat(SimulatedQuality.sample(r.toBuilder().seed(7L).temperature(0.0).build())).isZero();
        assertThat(SimulatedQuality.sample(r.toBuilder().seed(7L).build())).isZero();
        assertThat(SimulatedQuality.sample(r.toBuilder().seed(7L).temperature(0.8).build())).isEqualTo(7);
        int disagree = 0;
        for (String prompt : prompts().subList(0, 500)) {
            ChatRequest hot = ChatRequest.builder().model(MINI).prompt(prompt).temperature(1.0).build();
            String x = a.complete(hot.toBuilder().seed(1L).build(), MINI_CFG).answer();
            String y = a.complete(hot.toBuilder().seed(2L).build(), MINI_CFG).answer();
            disagree += x.equals(y) ? 0 : 1;
        }
        assertThat(disagree).isGreaterThan(20);

        // No quality model, or a model it does not list: the answer of old, no confidence.
        ProviderResponse plain = new SimulatedProvider(() -> config(null)).complete(r, MINI_CFG);
        assertThat(plain.answer()).isEqualTo(SimulatedProvider.answer(MINI, r));
        assertThat(plain.confidence()).isNull();
        ModelConfig other = new ModelConfig("claude", "v1", "simulated", 1, 1);
        assertThat(a.complete(r, other).answer()).isEqualTo(SimulatedProvider.answer("claude", r));
    }

    @Test
    void wrongAnswersOfDifferentModelsDisagree() {
        int bothWrong = 0;
        int same = 0;
        for (String prompt : prompts().subList(0, 5000)) {
            SimulatedQuality.Verdict m = SimulatedQuality.verdict(Q, MINI, prompt, 0);
            SimulatedQuality.Verdict g = SimulatedQuality.verdict(Q, BIG, prompt, 0);
            assertThat(m.code().equals(SimulatedQuality.code(prompt))).isEqualTo(m.correct());
            if (!m.correct() && !g.correct()) {
                bothWrong++;
                same += m.code().equals(g.code()) ? 1 : 0;
            }
        }
        assertThat(bothWrong).isPositive();
        assertThat(same).isZero();
    }

    @Test
    void structuredAnswersCarryTheLabelTheCodeAndTheConfidence() throws Exception {
        JsonNode rf = JSON.readTree("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"ticket\",\"schema\":"
                + "{\"type\":\"object\",\"required\":[\"category\",\"answer\",\"confidence\"],\"properties\":{"
                + "\"summary\":{\"type\":\"string\"},"
                + "\"category\":{\"type\":\"string\",\"enum\":[\"billing\",\"bug\",\"feature\",\"other\"]},"
                + "\"answer\":{\"type\":\"string\"},\"confidence\":{\"type\":\"number\",\"minimum\":0,"
                + "\"maximum\":1}}}}}");
        JsonNode labelOnly = JSON.readTree("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"t\",\"schema\":"
                + "{\"type\":\"object\",\"required\":[\"category\"],\"properties\":{"
                + "\"category\":{\"type\":\"string\",\"enum\":[\"billing\",\"bug\",\"feature\",\"other\"]}}}}}");
        List<String> labels = List.of("billing", "bug", "feature", "other");
        SimulatedProvider p = new SimulatedProvider(() -> config(Q));
        OutputParser parser = new OutputParser();
        int scored = 0;
        int labelScored = 0;
        for (String prompt : prompts().subList(0, 2000)) {
            ChatRequest r = ChatRequest.builder().model(MINI).prompt(prompt).responseFormat(rf).build();
            SimulatedQuality.Verdict v = SimulatedQuality.verdict(Q, MINI, r);
            String answer = p.complete(r, MINI_CFG).answer();
            Parsed parsed = parser.parse(answer, Expectation.fromResponseFormat(rf), Strategy.ALL);
            if (parsed.ok()) {
                JsonNode value = parsed.value();
                assertThat(value.path("category").asText()).isEqualTo(v.label(labels));
                assertThat(value.path("category").asText().equals(SimulatedQuality.label(prompt, labels)))
                        .isEqualTo(v.correct());
                assertThat(value.path("answer").asText()).isEqualTo(v.code());
                assertThat(value.path("confidence").asDouble()).isCloseTo(v.confidence(), within(0.0006));
            }
            Boolean c = SimulatedQuality.correct(prompt, answer, rf);
            if (c != null) {
                scored++;
                assertThat(c).isEqualTo(v.correct());
            }
            String onlyLabel = p.complete(r.toBuilder().responseFormat(labelOnly).build(), MINI_CFG).answer();
            Boolean byLabel = SimulatedQuality.correct(prompt, onlyLabel, labelOnly);
            if (byLabel != null) {
                labelScored++;
                assertThat(byLabel).as(onlyLabel).isEqualTo(v.correct());
            }
            assertThat(SimulatedQuality.correct(prompt, onlyLabel)).as("no code, no schema: no verdict").isNull();
        }
        assertThat(scored).isGreaterThan(1900);
        assertThat(labelScored).isGreaterThan(1900);
    }

    @Test
    void oracleReadsCodesWhereverTheAnswerStatesThem() {
        String prompt = "What is 2 + 2?";
        String code = SimulatedQuality.code(prompt);
        assertThat(code).matches("[0-9a-f]{8}").isEqualTo(SimulatedQuality.code(prompt));
        assertThat(SimulatedQuality.correct(prompt, "Four. Answer: " + code + ".")).isTrue();
        assertThat(SimulatedQuality.correct(prompt, "{\"answer\": \"" + code.toUpperCase() + "\"}")).isTrue();
        assertThat(SimulatedQuality.correct(prompt, "answer: " + code + "\n")).isTrue();
        assertThat(SimulatedQuality.correct(prompt, "Answer: 0badc0de.")).isFalse();
        assertThat(SimulatedQuality.correct(prompt, "Four, deadbeef.")).isNull();
        assertThat(SimulatedQuality.correct(prompt, null)).isNull();
        List<String> labels = List.of("a", "b", "c");
        assertThat(labels).contains(SimulatedQuality.label(prompt, labels));
        assertThat(SimulatedQuality.label(prompt, labels)).isEqualTo(SimulatedQuality.label(prompt, labels));
    }

    @Test
    void verifierIsCalibratedForCandidatesOfTheListedModels() {
        int[] n = new int[10];
        double[] conf = new double[10];
        int[] right = new int[10];
        double onRight = 0;
        double onWrong = 0;
        int rights = 0;
        List<String> ps = prompts().subList(0, 10_000);
        for (int i = 0; i < ps.size(); i++) {
            String prompt = ps.get(i);
            String candidateModel = i % 2 == 0 ? MINI : BIG;
            SimulatedQuality.Verdict v = SimulatedQuality.verdict(Q, candidateModel, prompt, 0);
            String candidate = SimulatedQuality.plain("Some text.", v);
            double c = SimulatedQuality.verifierConfidence(Q, BIG, prompt, candidate, 0);
            int b = Math.min(9, (int) (c * 10));
            n[b]++;
            conf[b] += c;
            right[b] += v.correct() ? 1 : 0;
            if (v.correct()) {
                onRight += c;
                rights++;
            } else {
                onWrong += c;
            }
        }
        // Per bucket within 0.05, but for buckets whose candidates came from one complexity: the prior is the mean
        // over models per class and complexity, which candidates split evenly between the two models match.
        for (int b = 0; b < 10; b++) {
            if (n[b] >= 300) {
                assertThat((double) right[b] / n[b]).as("bucket " + b).isCloseTo(conf[b] / n[b], within(0.05));
            }
        }
        assertThat(onRight / rights).isGreaterThan(onWrong / (ps.size() - rights) + 0.2);
    }

    @Test
    void verifierRequestsAreAnsweredWithANumber() {
        SimulatedProvider p = new SimulatedProvider(() -> config(Q));
        String question = "Summarize in one sentence what Redis is for.";
        ChatRequest asked = ChatRequest.builder().model(MINI).prompt(question).build();
        String candidate = p.complete(asked, MINI_CFG).answer();
        ChatRequest verify = ChatRequest.builder().model(BIG).system(SimulatedQuality.VERIFIER_SYSTEM)
                .prompt(SimulatedQuality.verifierPrompt(question, candidate)).build();
        assertThat(SimulatedQuality.isVerifier(verify)).isTrue();
        String answer = p.complete(verify, BIG_CFG).answer();
        assertThat(answer).matches("0\\.\\d{4}|1\\.0000");
        assertThat(Double.parseDouble(answer)).isCloseTo(
                SimulatedQuality.verifierConfidence(Q, BIG, question, candidate, 0), within(0.00005));
        assertThat(p.complete(verify, BIG_CFG).answer()).isEqualTo(answer);
        // Not of the verifier's form: an ordinary question.
        ChatRequest loose = verify.toBuilder().prompt("Is this right?").build();
        assertThat(SimulatedQuality.isVerifier(loose)).isFalse();
        assertThat(p.complete(loose, BIG_CFG).answer()).contains("Answer: ");
    }

    @Test
    void normalCdfIsAccurate() {
        assertThat(SimulatedQuality.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(SimulatedQuality.cdf(1.959963985)).isCloseTo(0.975, within(1e-7));
        assertThat(SimulatedQuality.cdf(-1)).isCloseTo(0.158655254, within(1e-7));
        assertThat(SimulatedQuality.cdf(-3)).isCloseTo(0.001349898, within(1e-8));
        assertThat(SimulatedQuality.cdf(8)).isCloseTo(1.0, within(1e-12));
    }
}
