package dev.switchboard.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TaskClass;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes synthetic workloads in the shared JSON Lines format: Poisson arrivals over the duration, intents drawn
 * with Zipf popularity, a share of requests paraphrased (same intent, other words), users with plans and models,
 * a share asking for structured output (a task over the intent's subject with one of the {@link WorkloadSchemas}
 * as its {@code response_format}), and a share of task prompts ({@link WorkloadTasks}: one per task class and
 * complexity, labelled on the line). The same spec and seed give the same file.
 */
public final class WorkloadGenerator {
    private static final String[] SUBJECTS = {
        "Redis", "PostgreSQL", "Kubernetes", "Docker", "Kafka", "GraphQL", "REST APIs", "OAuth 2.0", "TLS",
        "DNS", "TCP congestion control", "garbage collection", "virtual threads", "the JVM JIT compiler",
        "Rust ownership", "Go channels", "Python asyncio", "TypeScript generics", "React hooks", "CSS grid",
        "WebAssembly", "gRPC", "consistent hashing", "Bloom filters", "B-trees", "LSM trees", "Raft consensus",
        "vector databases", "retrieval-augmented generation", "prompt caching", "token budgets",
        "circuit breakers", "rate limiting", "exponential backoff", "event sourcing", "CQRS", "feature flags",
        "blue-green deployments", "observability", "OpenTelemetry", "SQL indexes", "query planners",
        "connection pooling", "CDNs", "load balancers", "zero-downtime migrations", "unit testing",
        "property-based testing", "code review", "technical debt"};
    private static final String[][] FAMILIES = {
        {"What is %s?", "Can you explain what %s is?", "What does %s mean?"},
        {"How do I get started with %s?", "What is the best way to begin learning %s?",
            "Where should a beginner start with %s?"},
        {"What are the advantages of %s?", "Why would someone choose %s?", "What are the benefits of using %s?"},
        {"What are common mistakes with %s?", "Which pitfalls should I avoid with %s?",
            "What do people usually get wrong about %s?"},
        {"How does %s work?", "Can you describe how %s works under the hood?", "What is the mechanism behind %s?"},
        {"Is %s worth learning this year?", "Should I spend time learning %s this year?",
            "Is it still worth it to learn %s?"},
        {"What are good alternatives to %s?", "Which options can replace %s?", "What could I use instead of %s?"},
        {"How do I debug problems with %s?", "What is a good way to troubleshoot %s?",
            "How can I find out why %s is failing?"}};
    public static final int MAX_INTENTS = SUBJECTS.length * FAMILIES.length;

    private WorkloadGenerator() {
    }

    public static List<WorkloadEntry> generate(GeneratorSpec spec) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        int[] intentOrder = shuffledRange(spec.intents(), rnd);
        double[] zipfCdf = zipfCdf(spec.intents(), spec.zipf());
        String[] userPlan = new String[spec.users()];
        String[] userModel = new String[spec.users()];
        for (int u = 0; u < spec.users(); u++) {
            userPlan[u] = pick(spec.plans(), rnd);
            userModel[u] = pick(spec.models(), rnd);
        }
        double meanGapMs = (double) spec.duration().toMillis() / spec.requests();
        double at = 0;
        List<WorkloadEntry> out = new ArrayList<>(spec.requests());
        for (int i = 0; i < spec.requests(); i++) {
            at += -Math.log(1 - rnd.nextDouble()) * meanGapMs;
            int rank = Arrays.binarySearch(zipfCdf, rnd.nextDouble());
            int intent = intentOrder[Math.min(rank < 0 ? -rank - 1 : rank, spec.intents() - 1)];
            String[] family = FAMILIES[intent / SUBJECTS.length];
            String subject = SUBJECTS[intent % SUBJECTS.length];
            String template = rnd.nextDouble() < spec.paraphraseShare()
                    ? family[1 + rnd.nextInt(family.length - 1)] : family[0];
            int u = rnd.nextInt(spec.users());
            String prompt = String.format(template, subject);
            String intentId = String.format("i-%05d", intent);
            if (spec.distinct()) {
                prompt = prompt + " (case " + (i + 1) + ")";
                intentId = String.format("i-d%07d", i + 1);
            }
            com.fasterxml.jackson.databind.JsonNode format = null;
            TaskClass taskClass = null;
            Complexity complexity = null;
            // Drawn only when asked for, so a spec without schemas gives the same file as before they existed.
            if (spec.schemaShare() > 0 && rnd.nextDouble() < spec.schemaShare()) {
                // Distinct intents step unevenly, and intent % 4 would keep only some schemas: spread them as the
                // tasks are spread below.
                int pick = spec.distinct()
                        ? (int) (((intent + 1) * 0x9E3779B97F4A7C15L) >>> 40) % WorkloadSchemas.TASKS.size()
                        : intent % WorkloadSchemas.TASKS.size();
                WorkloadSchemas.Task task = WorkloadSchemas.TASKS.get(pick);
                prompt = String.format(task.prompt(), subject) + (spec.distinct() ? " (case " + (i + 1) + ")" : "");
                // The task's prompt names only the subject, which intents of every family share: the intent is the
                // subject's and the task's, or identical prompts would count as each other's false hits.
                intentId = spec.distinct() ? intentId + "-" + task.schema()
                        : String.format("i-s%03d-%s", intent % SUBJECTS.length, task.schema());
                format = WorkloadSchemas.responseFormat(task.schema());
            } else if (spec.taskShare() > 0 && rnd.nextDouble() < spec.taskShare()) {
                // Drawn last and only when asked for: a spec without tasks gives the same file as before them.
                // Fibonacci hashing: the chosen intents step evenly (0, 3, 4, 7, ...), and intent % size would
                // keep only the templates at some residues; the product's high bits spread them over all.
                int t = (int) (((intent + 1) * 0x9E3779B97F4A7C15L) >>> 40) % WorkloadTasks.TEMPLATES.size();
                WorkloadTasks.Template task = WorkloadTasks.TEMPLATES.get(t);
                prompt = String.format(task.prompt(), subject) + (spec.distinct() ? " (case " + (i + 1) + ")" : "");
                // One prompt per subject and template, whatever the family: the intent names both, as for schemas.
                intentId = spec.distinct() ? intentId + "-t" + t
                        : String.format("i-t%03d-%02d", intent % SUBJECTS.length, t);
                taskClass = task.task();
                complexity = task.complexity();
            }
            out.add(new WorkloadEntry(i + 1, Math.min((long) at, spec.duration().toMillis()),
                    String.format("u-%04d", u + 1), userPlan[u], null, userModel[u], spec.system(), prompt, 0.0, 256,
                    intentId, format, taskClass, complexity));
        }
        return out;
    }

    public static void write(List<WorkloadEntry> entries, Writer out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (WorkloadEntry e : entries) {
            ObjectNode o = json.createObjectNode();
            o.put("at_ms", e.atMs());
            o.put("user", e.user());
            o.put("plan", e.plan());
            o.put("model", e.model());
            o.put("system", e.system());
            o.put("prompt", e.prompt());
            o.put("temperature", e.temperature());
            o.put("max_tokens", e.maxTokens());
            o.put("intent", e.intent());
            if (e.responseFormat() != null) {
                o.set("response_format", e.responseFormat());
            }
            if (e.task() != null) {
                o.put("task", e.task().wireName());
            }
            if (e.complexity() != null) {
                o.put("complexity", e.complexity().wireName());
            }
            out.write(json.writeValueAsString(o));
            out.write('\n');
        }
    }

    private static int[] shuffledRange(int n, SplittableRandom rnd) {
        int[] a = new int[n];
        // Spread the chosen intents over all subjects and families rather than the first subjects only.
        int stride = MAX_INTENTS / n;
        for (int i = 0; i < n; i++) {
            a[i] = (i * stride + i % Math.max(1, stride)) % MAX_INTENTS;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Cumulative Zipf probabilities: rank r (from 1) has weight 1 / r^s. */
    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double total = 0;
        for (int r = 1; r <= n; r++) {
            total += 1.0 / Math.pow(r, s);
            cdf[r - 1] = total;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= total;
        }
        return cdf;
    }

    private static String pick(Map<String, Double> weights, SplittableRandom rnd) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = rnd.nextDouble() * total;
        String last = null;
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(weights).entrySet()) {
            last = e.getKey();
            x -= e.getValue();
            if (x < 0) {
                return e.getKey();
            }
        }
        return last;
    }
}
