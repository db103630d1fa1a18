package dev.switchboard.engine;

import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.cost.LedgerSnapshot;
import dev.switchboard.engine.limit.LimitsSnapshot;
import dev.switchboard.engine.resilience.ResilienceSnapshot;
import dev.switchboard.engine.telemetry.TelemetrySnapshot;
import java.util.List;

/**
 * Everything the console shows, at one moment, immutable. Cheap to take: counters are summed, nothing blocks
 * on I/O.
 *
 * @param providerCalls      calls made to the provider (including failed ones)
 * @param upstreamViolations requests the upstream counted as over its rate limit
 * @param limits             admission: buckets, lockouts, refusals by reason, queueing
 * @param resilience         breakers and health per model; retries, fallbacks, coalesced and stale answers
 * @param ledger             the cost ledger's state, and spend against the budgets
 * @param refusedAfterClose  submit() and submitAsync() calls refused because the engine was closed
 * @param providerAuthFailures providers refusing their credentials now: {@code name -> reason} (an alert, once)
 * @param semantic           the semantic cache: hits, refusals by reason, recent lookups
 * @param parse              the output parser: answers by strategy, re-prompts, failures
 * @param guards             the input and output guards: checks, verdicts by rule and mode
 * @param alerts             the monitors' open and recently resolved incidents, and the webhooks' counts
 * @param routing            what routes did: answers per model, the saving against the premium model, per route
 * @param recording          the traffic recording: whether one runs, its file, lines written, dropped, bytes
 */
public record EngineSnapshot(long takenAtMillis, long uptimeMillis, TelemetrySnapshot traffic,
                             List<TierSnapshot> tiers, long providerCalls, long upstreamViolations,
                             LimitsSnapshot limits, ResilienceSnapshot resilience,
                             LedgerSnapshot ledger, long refusedAfterClose,
                             java.util.Map<String, String> providerAuthFailures,
                             dev.switchboard.engine.cache.semantic.SemanticSnapshot semantic,
                             dev.switchboard.engine.parse.ParseSnapshot parse,
                             dev.switchboard.engine.guard.GuardSnapshot guards,
                             dev.switchboard.engine.telemetry.monitor.AlertsSnapshot alerts,
                             dev.switchboard.engine.routing.RoutingSnapshot routing,
                             dev.switchboard.engine.recording.RecordingStatus recording) {
    /** Without a recording's status (none running). */
    public EngineSnapshot(long takenAtMillis, long uptimeMillis, TelemetrySnapshot traffic,
                          List<TierSnapshot> tiers, long providerCalls, long upstreamViolations,
                          LimitsSnapshot limits, ResilienceSnapshot resilience,
                          LedgerSnapshot ledger, long refusedAfterClose,
                          java.util.Map<String, String> providerAuthFailures,
                          dev.switchboard.engine.cache.semantic.SemanticSnapshot semantic,
                          dev.switchboard.engine.parse.ParseSnapshot parse,
                          dev.switchboard.engine.guard.GuardSnapshot guards,
                          dev.switchboard.engine.telemetry.monitor.AlertsSnapshot alerts,
                          dev.switchboard.engine.routing.RoutingSnapshot routing) {
        this(takenAtMillis, uptimeMillis, traffic, tiers, providerCalls, upstreamViolations, limits, resilience, ledger,
                refusedAfterClose, providerAuthFailures, semantic, parse, guards, alerts, routing, null);
    }

    /** Without routes. */
    public EngineSnapshot(long takenAtMillis, long uptimeMillis, TelemetrySnapshot traffic,
                          List<TierSnapshot> tiers, long providerCalls, long upstreamViolations,
                          LimitsSnapshot limits, ResilienceSnapshot resilience,
                          LedgerSnapshot ledger, long refusedAfterClose,
                          java.util.Map<String, String> providerAuthFailures,
                          dev.switchboard.engine.cache.semantic.SemanticSnapshot semantic,
                          dev.switchboard.engine.parse.ParseSnapshot parse,
                          dev.switchboard.engine.guard.GuardSnapshot guards,
                          dev.switchboard.engine.telemetry.monitor.AlertsSnapshot alerts) {
        this(takenAtMillis, uptimeMillis, traffic, tiers, providerCalls, upstreamViolations, limits, resilience, ledger,
                refusedAfterClose, providerAuthFailures, semantic, parse, guards, alerts, null);
    }

    /** Without alerts (none open, none resolved). */
    public EngineSnapshot(long takenAtMillis, long uptimeMillis, TelemetrySnapshot traffic,
                          List<TierSnapshot> tiers, long providerCalls, long upstreamViolations,
                          LimitsSnapshot limits, ResilienceSnapshot resilience,
                          LedgerSnapshot ledger, long refusedAfterClose,
                          java.util.Map<String, String> providerAuthFailures,
                          dev.switchboard.engine.cache.semantic.SemanticSnapshot semantic,
                          dev.switchboard.engine.parse.ParseSnapshot parse,
                          dev.switchboard.engine.guard.GuardSnapshot guards) {
        this(takenAtMillis, uptimeMillis, traffic, tiers, providerCalls, upstreamViolations, limits, resilience, ledger,
                refusedAfterClose, providerAuthFailures, semantic, parse, guards,
                dev.switchboard.engine.telemetry.monitor.AlertsSnapshot.empty());
    }

    public EngineSnapshot {
        alerts = alerts == null ? dev.switchboard.engine.telemetry.monitor.AlertsSnapshot.empty() : alerts;
        routing = routing == null ? dev.switchboard.engine.routing.RoutingSnapshot.empty() : routing;
        recording = recording == null ? dev.switchboard.engine.recording.RecordingStatus.NONE : recording;
        tiers = List.copyOf(tiers);
        providerAuthFailures = providerAuthFailures == null ? java.util.Map.of()
                : java.util.Map.copyOf(providerAuthFailures);
    }
}
