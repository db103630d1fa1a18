package dev.switchboard.replay;

import dev.switchboard.engine.config.L2Config;
import dev.switchboard.engine.config.L3Config;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.telemetry.LogSettings;
import dev.switchboard.engine.telemetry.audit.AuditSettings;
import dev.switchboard.engine.telemetry.monitor.AlertSettings;
import dev.switchboard.engine.telemetry.trace.TraceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A config made safe to run beside a live engine: nothing it does can reach a provider, the live tiers, the ledger
 * or anyone's pager. Every model is served by the simulator (mirroring {@link Observed} figures where given) and the
 * providers are dropped; Redis is off (L2, shared limits, the simulator's shared upstream window); L3 is an
 * in-memory H2 database of its own; the ledger is off (its budgets still count this engine's spend in memory);
 * alerts, tracing, the audit trail, request logs and recording are off. What was changed is said in {@code notes}.
 *
 * <p>An in-memory H2 rather than a temp-dir file for L3: the sandbox lives as long as the run, a file would only add
 * disk writes and something to delete. The ledger off rather than on a scratch database: it would write every
 * request twice (journal and SQL) to be thrown away, while the budgets it serves count spend either way.
 */
public record Sandbox(SwitchboardConfig config, List<String> notes) {
    public Sandbox {
        notes = List.copyOf(notes);
    }

    public static Sandbox of(SwitchboardConfig live, Observed observed) {
        List<String> notes = new ArrayList<>();
        SwitchboardConfig c = live;
        List<String> remote = new ArrayList<>();
        for (ModelConfig m : live.models().values()) {
            if (!ModelConfig.SIMULATED.equals(m.provider())) {
                remote.add(m.name() + " (" + m.provider() + ")");
                c = c.withModel(new ModelConfig(m.name(), m.version(), ModelConfig.SIMULATED, m.inputPer1M(),
                        m.outputPer1M(), m.upstreamModel()));
            }
        }
        if (!remote.isEmpty()) {
            notes.add("served by the simulator instead of their providers: " + String.join(", ", remote));
        }
        if (c.semantic().provider() != null) {
            notes.add("semantic cache off: its embeddings come from provider '" + c.semantic().provider()
                    + "', which a what-if never calls");
            c = c.withSemantic(c.semantic().withProvider(null).withEnabled(false));
        }
        c = c.withProviders(Map.of());
        LimitsConfig limits = c.limits();
        if (limits.shared()) {
            c = c.withLimits(new LimitsConfig(limits.enabled(), false, limits.fallbackShare(), limits.defaultBucket(),
                    limits.modelBuckets(), limits.providerBucket(), limits.queueCapacity(), limits.maxWait(),
                    limits.plans(), limits.defaultPlan(), limits.modelCaps(), limits.abuseStrikes(),
                    limits.abuseWindow(), limits.lockout(), limits.backoffBase(), limits.backoffCap()));
            // Before L2 goes off: shared limits need it.
            notes.add("plan windows and buckets counted in this sandbox, not in Redis");
        }
        TiersConfig t = c.tiers();
        if (t.l2().enabled()) {
            notes.add("L2 (Redis) off: what it would answer is answered by L3 or the provider here");
            L2Config l2 = t.l2();
            t = t.withL2(new L2Config(false, l2.ttl(), l2.url(), l2.timeout()));
        }
        if (t.l3().enabled()) {
            L3Config l3 = t.l3();
            t = t.withL3(new L3Config(true, l3.ttl(), "jdbc:h2:mem:whatif-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    null, null, l3.timeout(), l3.purgeInterval(), l3.poolSize()));
            notes.add("L3 on an in-memory database of its own, empty at the start");
        }
        c = c.withTiers(t);
        if (c.ledger().enabled()) {
            notes.add("ledger off: spend starts at zero and is counted in memory (budgets apply); nothing is written");
        }
        c = c.withLedger(LedgerConfig.OFF);
        c = c.withSimulated(observed.applyTo(c.simulated().withSharedLimit(false), c.models().keySet()));
        if (!observed.models().isEmpty()) {
            notes.add("the simulator mirrors the observed latency, error and 429 rates of "
                    + String.join(", ", observed.models().keySet().stream().filter(c.models()::containsKey).toList()));
        }
        AlertSettings a = c.alerts();
        c = c.withAlerts(new AlertSettings(false, a.errorRate(), a.latency(), a.spend(), List.of(), a.notifyInterval(),
                a.keepResolved(), a.resolveAfter()));
        AuditSettings au = c.audit();
        c = c.withAudit(new AuditSettings(false, au.requests(), au.retention(), au.queue()));
        c = c.withTracing(TraceSettings.defaults());
        c = c.withLogs(new LogSettings(c.logs().json(), LogSettings.Requests.OFF));
        c = c.withRecording(c.recording().withEnabled(false, null));
        return new Sandbox(c, notes);
    }
}
