package dev.switchboard.engine.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.workload.GeneratorSpec;
import dev.switchboard.workload.WorkloadEntry;
import dev.switchboard.workload.WorkloadGenerator;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskClassifierTest {
    private final TaskClassifier classifier = new TaskClassifier();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            coding        | Write a Java method that parses an ISO date and returns null on bad input.
            coding        | My build fails with this:\\n```\\nerror: cannot find symbol\\n```\\nWhat is wrong?
            reasoning     | Why does a heavier object not fall faster than a lighter one in a vacuum?
            reasoning     | Some of the guards lie and some tell the truth. Work out which door is safe, step by step.
            math          | Solve 2x^2 - 8 = 0 for x.
            math          | What is the probability of drawing two aces from a shuffled deck?
            chat          | Hello, how are you doing?
            chat          | thanks a lot, have a nice day
            summarization | Summarize this thread for someone who missed the meeting.
            summarization | tl;dr this changelog please: fixed login, faster search, new dark mode.
            translation   | Translate 'good night' into Italian.
            translation   | How do you say 'where is the bathroom' in Portuguese?
            extraction    | Extract the sender and the date from this email header.
            extraction    | List all company names in this press release and return them as JSON.
            creative      | Write a poem about a lighthouse keeper.
            creative      | Write a short story that starts with a knock at the door.
            analysis      | What are the trade-offs of event sourcing for a billing system?
            analysis      | Compare the churn of our two pricing plans and assess what drives the difference.
            """)
    void clearExamplesGetTheirClass(String expected, String prompt) {
        TaskProfile p = classifier.classify("You are a helpful assistant.", prompt.replace("\\n", "\n"));
        assertThat(p.taskClass()).as("%s -> %s", prompt, p.reasons()).isEqualTo(TaskClass.parse(expected));
        assertThat(p.reasons()).isNotEmpty();
    }

    @Test
    void complexityFollowsLengthConstraintsAndSteps() {
        assertThat(classifier.classify(null, "Translate 'cat' into French.").complexity()).isEqualTo(Complexity.LOW);
        TaskProfile medium = classifier.classify(null, "Summarize this report in three sentences for the board, "
                + "and keep every figure it quotes exactly as written.");
        assertThat(medium.complexity()).isEqualTo(Complexity.MEDIUM);
        TaskProfile high = classifier.classify(null, """
                Implement a rate limiter in Go. It must allow bursts of at least 10 requests, must not use a global \
                lock, and should expose its state for metrics. First write the token bucket, then the tests, and \
                finally a benchmark that compares it with a mutex-based version.""");
        assertThat(high.complexity()).isEqualTo(Complexity.HIGH);
        assertThat(high.reasons()).contains("multi-step").anyMatch(r -> r.endsWith("constraints"))
                .anyMatch(r -> r.startsWith("length "));
    }

    @Test
    void emptyInputIsLowChat() {
        for (String empty : new String[] {null, "", "  \n "}) {
            assertThat(classifier.classify("You write code.", empty))
                    .isEqualTo(new TaskProfile(TaskClass.CHAT, Complexity.LOW, List.of("empty")));
        }
    }

    @Test
    void theSystemPromptTipsAPromptWithoutCues() {
        assertThat(classifier.classify(null, "Here is the text: Bonjour tout le monde.").taskClass())
                .isEqualTo(TaskClass.CHAT);
        TaskProfile p = classifier.classify("You translate everything the user sends.",
                "Here is the text: Bonjour tout le monde.");
        assertThat(p.taskClass()).isEqualTo(TaskClass.TRANSLATION);
        assertThat(p.reasons()).contains("system: translate verb");
    }

    @Test
    void translatingCodeIsCoding() {
        assertThat(classifier.classify(null, "Translate this Python snippet to Rust: print(len(xs))").taskClass())
                .isEqualTo(TaskClass.CODING);
    }

    @Test
    void wireNamesParseBackAndABadOneListsTheValidNames() {
        for (TaskClass c : TaskClass.values()) {
            assertThat(TaskClass.parse(c.wireName().toUpperCase(Locale.ROOT))).isEqualTo(c);
        }
        assertThat(Complexity.parse(" high ")).isEqualTo(Complexity.HIGH);
        assertThatThrownBy(() -> TaskClass.parse("poetry")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown task class 'poetry'; known: coding, reasoning, math, chat, summarization, "
                        + "translation, extraction, creative, analysis");
        assertThatThrownBy(() -> Complexity.parse("extreme"))
                .hasMessage("unknown complexity 'extreme'; known: low, medium, high");
    }

    /** Hand-written prompts, not the generator's, labelled by a person: the figure the README reports. */
    @Test
    void accuracyOnTheLabelledSet() throws Exception {
        List<JsonNode> rows = labelled();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(90);
        int classHits = 0;
        int complexityHits = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode row : rows) {
            TaskProfile p = classifier.classify("You are a helpful assistant.", row.get("prompt").asText());
            TaskClass wantClass = TaskClass.parse(row.get("task").asText());
            Complexity wantComplexity = Complexity.parse(row.get("complexity").asText());
            classHits += p.taskClass() == wantClass ? 1 : 0;
            complexityHits += p.complexity() == wantComplexity ? 1 : 0;
            if (p.taskClass() != wantClass || p.complexity() != wantComplexity) {
                misses.add(String.format("  want %s/%s got %s/%s %s: %s", wantClass.wireName(),
                        wantComplexity.wireName(), p.taskClass().wireName(), p.complexity().wireName(), p.reasons(),
                        row.get("prompt").asText()));
            }
        }
        double classAccuracy = classHits / (double) rows.size();
        double complexityAccuracy = complexityHits / (double) rows.size();
        System.out.printf(Locale.ROOT, "labelled tasks: %d prompts, class accuracy %.3f, complexity accuracy %.3f%n",
                rows.size(), classAccuracy, complexityAccuracy);
        misses.forEach(System.out::println);
        assertThat(classAccuracy).isGreaterThanOrEqualTo(0.80);
        assertThat(complexityAccuracy).isGreaterThanOrEqualTo(0.60);
    }

    @Test
    void aTasksWorkloadGetsAtLeastNinetyPercentOfItsClasses() {
        List<WorkloadEntry> entries = WorkloadGenerator.generate(new GeneratorSpec(2000, Duration.ofSeconds(20), 400,
                0.5, 0, 20, Map.of("free", 1.0), Map.of("gpt-4o-mini", 1.0), "You are a helpful assistant.", 3, false,
                0, 1.0));
        long hits = entries.stream().filter(e -> classifier.classify(e.system(), e.prompt()).taskClass() == e.task())
                .count();
        double accuracy = hits / (double) entries.size();
        System.out.printf(Locale.ROOT, "generated tasks: %d prompts, class accuracy %.3f%n", entries.size(), accuracy);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.90);
    }

    private static List<JsonNode> labelled() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = TaskClassifierTest.class.getResourceAsStream("/route/labelled-tasks.jsonl");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    rows.add(json.readTree(line));
                }
            }
        }
        return rows;
    }
}
