package dev.switchboard.workload;

import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TaskClass;
import java.util.List;

/**
 * Prompt templates for mixed-task workloads ({@code workload generate --tasks}): four or more per task class, spread
 * over the three complexities, each with {@code %1$s} for the intent's subject. A template's class and complexity
 * are the line's labels, which routing is scored against.
 */
public final class WorkloadTasks {
    /** A prompt with {@code %1$s} for the subject, and what it is. */
    public record Template(TaskClass task, Complexity complexity, String prompt) {
    }

    public static final List<Template> TEMPLATES = List.of(
            t(TaskClass.CODING, Complexity.LOW,
                    "Write a Python function that retries a call to %1$s with exponential backoff."),
            t(TaskClass.CODING, Complexity.LOW, "Why does this snippet for %1$s throw an exception?\n"
                    + "```\nclient.connect(null);\n```"),
            t(TaskClass.CODING, Complexity.MEDIUM, "Refactor this Java class that wraps %1$s so it can be unit "
                    + "tested, and explain each change:\n```java\nclass Client { static Client INSTANCE = new Client(); }"
                    + "\n```"),
            t(TaskClass.CODING, Complexity.HIGH, "Implement a small client library for %1$s in TypeScript. It must "
                    + "reuse connections, must time out after 2 seconds, and should retry at most three times. First "
                    + "write the interface, then the implementation, and finally the unit tests."),

            t(TaskClass.REASONING, Complexity.LOW, "Why do teams adopt %1$s? Explain your reasoning."),
            t(TaskClass.REASONING, Complexity.LOW, "If all our services use %1$s and some services are slow, must "
                    + "%1$s be the cause? Explain the logic."),
            t(TaskClass.REASONING, Complexity.MEDIUM, "A team added %1$s and their latency went up the same week. "
                    + "Does that mean %1$s caused it? Why or why not? Reason it out step by step."),
            t(TaskClass.REASONING, Complexity.HIGH, "Three engineers disagree about %1$s. Ana says it always helps, "
                    + "Ben says it never helps, and Cy says it helps only under load. At most one of them is right. "
                    + "Work out step by step which claims can be true at once, then explain why the others must be "
                    + "false, and state your reasoning."),

            t(TaskClass.MATH, Complexity.LOW, "A cluster running %1$s handles 1200 requests per second on 4 nodes. "
                    + "Calculate 1200 / 4 to get the load per node."),
            t(TaskClass.MATH, Complexity.LOW, "Solve for n: 3n + 12 = 48, where n is the number of %1$s nodes."),
            t(TaskClass.MATH, Complexity.MEDIUM, "With %1$s, each retry succeeds with probability 0.7. Calculate the "
                    + "probability that at least one of 3 retries succeeds, and show the equation."),
            t(TaskClass.MATH, Complexity.HIGH, "A service using %1$s has a p99 of 120 ms per call. Prove that for 5 "
                    + "independent sequential calls the chance that none exceeds 120 ms is 0.99^5, then compute it, "
                    + "and finally solve for the number of calls at which that chance falls below 0.9. Show each "
                    + "step."),

            t(TaskClass.CHAT, Complexity.LOW, "Hi! I spent the whole day reading about %1$s, how are you?"),
            t(TaskClass.CHAT, Complexity.LOW, "Thanks for the tips on %1$s earlier, have a nice evening!"),
            t(TaskClass.CHAT, Complexity.MEDIUM, "Hey, I'm new to the team and everyone keeps talking about %1$s. "
                    + "Any tips on how to fit in and not feel lost in meetings?"),
            t(TaskClass.CHAT, Complexity.HIGH, "Hello! Can we just chat for a bit? My week was rough: a move to %1$s "
                    + "went wrong on Monday, I stayed late every day since, and I still have to present it on "
                    + "Friday. I don't want advice on %1$s itself, just tell me how you would keep calm, and then "
                    + "maybe something light to cheer me up."),

            t(TaskClass.SUMMARIZATION, Complexity.LOW, "Summarize in one sentence what %1$s is for."),
            t(TaskClass.SUMMARIZATION, Complexity.LOW, "tl;dr: what is the gist of %1$s?"),
            t(TaskClass.SUMMARIZATION, Complexity.MEDIUM, "Summarize this note for the team in three bullet points: "
                    + "we tried %1$s in staging, it cut latency by a third, but the setup took two weeks and the docs "
                    + "were thin."),
            t(TaskClass.SUMMARIZATION, Complexity.HIGH, "Write an executive summary of our quarter with %1$s. It "
                    + "must fit in 120 words, must mention the two outages and the cost saving, and should end with "
                    + "one recommendation. Then add a one-line tl;dr at the top.\n1. Rolled out to 3 regions.\n"
                    + "2. Two outages.\n3. Costs down 18%%."),

            t(TaskClass.TRANSLATION, Complexity.LOW, "Translate 'We are moving to %1$s next week' into French."),
            t(TaskClass.TRANSLATION, Complexity.LOW, "How do you say 'our %1$s setup is down' in Spanish?"),
            t(TaskClass.TRANSLATION, Complexity.MEDIUM, "Translate this release note into German and keep the "
                    + "technical terms in English: We now support %1$s, and upgrading takes about five minutes."),
            t(TaskClass.TRANSLATION, Complexity.HIGH, "Translate the following incident report about %1$s into "
                    + "Japanese. It must keep the exact timeline, must use a formal register, and you should leave "
                    + "product names untranslated. Then list any term that has no direct Japanese equivalent: At "
                    + "09:12 the %1$s cluster stopped accepting writes; service was restored at 09:47."),

            t(TaskClass.EXTRACTION, Complexity.LOW, "Extract the version numbers from this changelog line: %1$s "
                    + "7.2.4 replaces 7.0.1 and drops 6.x support."),
            t(TaskClass.EXTRACTION, Complexity.LOW, "List all the people mentioned in this note: Priya and Marco "
                    + "reviewed the %1$s rollout with Dana."),
            t(TaskClass.EXTRACTION, Complexity.MEDIUM, "From this ticket, return JSON with the fields component, "
                    + "severity and owner: '%1$s is timing out in eu-west since 14:00, severity high, assigned to the "
                    + "platform team.'"),
            t(TaskClass.EXTRACTION, Complexity.HIGH, "Extract every action item from these meeting notes about %1$s "
                    + "as a JSON array of objects with owner, task and due_date. Dates must be ISO 8601, owners must "
                    + "be first names only, and you must not invent items that are not in the notes:\n"
                    + "- Sam: benchmark %1$s by Friday\n- Lee: update the runbook next week\n"
                    + "- Sam and Ana: plan the rollout"),

            t(TaskClass.CREATIVE, Complexity.LOW, "Write a haiku about %1$s."),
            t(TaskClass.CREATIVE, Complexity.LOW, "Write a limerick about an engineer who loves %1$s."),
            t(TaskClass.CREATIVE, Complexity.MEDIUM, "Write a short story about a team that bet its launch on %1$s."),
            t(TaskClass.CREATIVE, Complexity.HIGH, "Write a poem in three stanzas about %1$s. Each stanza must "
                    + "rhyme, the tone should move from frustration to joy, and the last line must name %1$s without "
                    + "explaining it. Then give the poem a title."),

            t(TaskClass.ANALYSIS, Complexity.LOW, "What are the pros and cons of %1$s?"),
            t(TaskClass.ANALYSIS, Complexity.MEDIUM, "Compare %1$s with its main alternatives for a team of ten "
                    + "engineers, including the trade-offs."),
            t(TaskClass.ANALYSIS, Complexity.MEDIUM, "Assess the risks of introducing %1$s into a payment system "
                    + "during the holiday season."),
            t(TaskClass.ANALYSIS, Complexity.HIGH, "Analyze whether we should adopt %1$s. You must consider cost, "
                    + "operational load and team skills, give a comparison table against doing nothing, and then "
                    + "recommend a decision with at least two risks. Assume a team of six and a budget of 50k per "
                    + "year."));

    private WorkloadTasks() {
    }

    private static Template t(TaskClass task, Complexity complexity, String prompt) {
        return new Template(task, complexity, prompt);
    }
}
