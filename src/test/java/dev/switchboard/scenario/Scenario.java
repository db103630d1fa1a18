package dev.switchboard.scenario;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.replay.ReplayRunner;
import dev.switchboard.testsupport.Services;
import dev.switchboard.workload.GeneratorSpec;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadEntry;
import dev.switchboard.workload.WorkloadGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One scenario's world: a PostgreSQL schema of its own (L3 and the ledger), a folder of its own (the journal), a
 * model version of its own (so nothing in the shared Redis answers for it), and the config with every feature on.
 */
final class Scenario implements AutoCloseable {
    final String id = "sc" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final Path home;

    Scenario() throws IOException {
        Services.requireRedis();
        Services.requirePostgres();
        home = Files.createTempDirectory("switchboard-" + id);
        sql("CREATE SCHEMA " + id);
    }

    /** The database URL for this scenario's schema, through {@code port} (a proxy's, to cut it) or directly. */
    String databaseUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/test?currentSchema=" + id;
    }

    /**
     * Every feature on: L1, L2 on {@code redisUrl}, L3 and the ledger on the database at {@code dbPort}, generous
     * budgets, plan windows and upstream buckets, breakers, retries, fallbacks, dedup, the semantic cache, the input
     * and output guards, the parse chain (on by default for structured requests). {@code extra} is appended
     * (later keys of a section must not repeat earlier ones: pass whole sections via {@code sections}).
     */
    SwitchboardConfig config(String redisUrl, int dbPort, Map<String, String> sections) {
        return config(redisUrl, dbPort, sections, "journal");
    }

    /** As above, with the ledger's journal in {@code journal} under this scenario's folder (one per instance). */
    SwitchboardConfig config(String redisUrl, int dbPort, Map<String, String> sections, String journal) {
        Map<String, String> s = new java.util.LinkedHashMap<>(Map.of(
                "models", models(null),
                "simulated", """
                        simulated:
                          latency: {median: 5ms, p99: 30ms}
                          rate_limit_rps: 100
                        """,
                "limits", """
                        limits:
                          plans:
                            free: {per_minute: 100000}
                            pro: {per_minute: 100000}
                            expert: {per_minute: 100000}
                            master: {per_minute: 100000}
                          upstream:
                            default: {rate: 95, capacity: 1}
                            queue: 1000
                            max_wait: 2s
                        """,
                "resilience", """
                        resilience:
                          timeout: 1s
                          deadline: 3s
                          breaker: {failure_rate: 50, window: 10, min_calls: 5, open_for: 1s}
                          retry: {max_attempts: 3, base: 10ms, cap: 50ms}
                          fallbacks:
                            gpt-4o-mini: [claude-3-5-haiku, gpt-4o]
                          dedup_window: 1s
                        """,
                "semantic", """
                        semantic:
                          enabled: true
                        """,
                "guards", """
                        guards:
                          input: {pii: redact, secrets: redact, injection: block}
                          output: {pii: redact, secrets: redact}
                        """));
        s.putAll(sections);
        String yaml = """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                  l2: {enabled: true, url: "%s", timeout: 250ms}
                  l3: {enabled: true, url: "%s", user: "%s", timeout: 500ms}
                ledger:
                  journal: "%s"
                  flush_interval: 50ms
                budgets:
                  daily: 1000
                  monthly: 10000
                  per_user: {daily: 100}
                """.formatted(redisUrl, databaseUrl(dbPort), Services.databaseUser(), home.resolve(journal))
                + String.join("", s.values());
        return new ConfigLoader().parse(yaml, id + ".yaml");
    }

    /**
     * The scenario's three models, each at this scenario's own version (so nothing in the shared Redis answers for
     * it), served by the simulator, or by the providers named in {@code providers} ({@code model -> provider}).
     */
    String models(Map<String, String> providers) {
        StringBuilder sb = new StringBuilder("models:\n");
        for (String[] m : new String[][] {{"gpt-4o-mini", "0.15", "0.60"}, {"gpt-4o", "2.50", "10.00"},
            {"claude-3-5-haiku", "0.80", "4.00"}}) {
            String provider = providers == null ? null : providers.get(m[0]);
            sb.append("  ").append(m[0]).append(": {version: \"").append(id).append("\", input_per_1m: ").append(m[1])
                    .append(", output_per_1m: ").append(m[2]).append(provider == null ? "" : ", provider: " + provider)
                    .append("}\n");
        }
        return sb.toString();
    }

    SwitchboardConfig config(Map<String, String> sections) {
        return config(Services.redisUrl(), 5432, sections);
    }

    /** A generated workload: Poisson arrivals, Zipf intents (or all distinct), fifty users on the free plan. */
    static Workload workload(int requests, Duration over, boolean distinct, Map<String, Double> models, long seed) {
        GeneratorSpec spec = new GeneratorSpec(requests, over, 200, 1.1, 0.2, 50, Map.of("free", 1.0), models,
                null, seed, distinct);
        List<WorkloadEntry> entries = WorkloadGenerator.generate(spec);
        return new Workload("scenario", new ArrayList<>(entries), List.of());
    }

    /** As {@link #workload}, with a share of the requests asking for structured output (a shipped schema). */
    static Workload structuredWorkload(int requests, Duration over, double schemaShare, long seed) {
        GeneratorSpec spec = new GeneratorSpec(requests, over, 200, 1.1, 0.2, 50, Map.of("free", 1.0),
                Map.of("gpt-4o-mini", 1.0), null, seed, false, schemaShare);
        return new Workload("scenario", new ArrayList<>(WorkloadGenerator.generate(spec)), List.of());
    }

    static ReplayReport replay(Engine engine, Workload w) throws InterruptedException {
        return new ReplayRunner(engine, null).run(w, ReplayOptions.timed(1));
    }

    /** The ledger's rows for answered requests in this scenario's schema. */
    long answerRows() {
        return queryLong("SELECT COUNT(*) FROM " + id + ".ledger_event WHERE served_by NOT IN ('FAILED_CALL', 'REPROMPT')");
    }

    /** The ledger's rows for provider calls that did not answer (a timeout under load, then a refusal). */
    long failedCallRows() {
        return queryLong("SELECT COUNT(*) FROM " + id + ".ledger_event WHERE served_by = 'FAILED_CALL'");
    }

    /** The ledger's rows for re-prompts: calls asking a model to fix output the parser could not read. */
    long repromptRows() {
        return queryLong("SELECT COUNT(*) FROM " + id + ".ledger_event WHERE served_by = 'REPROMPT'");
    }

    /** Calls the provider answered, from the replay's own count. */
    static long providerAnswers(ReplayReport r) {
        return r.served().getOrDefault(dev.switchboard.engine.request.ServedBy.PROVIDER, 0L);
    }

    long answered(ReplayReport r) {
        return r.served().values().stream().mapToLong(Long::longValue).sum();
    }

    long queryLong(String query) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    private void sql(String statement) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect() throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", Services.databaseUser());
        return DriverManager.getConnection(Services.databaseUrl(), p);
    }

    @Override
    public void close() throws IOException {
        sql("DROP SCHEMA IF EXISTS " + id + " CASCADE");
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
