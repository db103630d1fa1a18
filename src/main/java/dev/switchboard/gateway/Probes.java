package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.cache.TierState;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.resilience.BreakerSnapshot;
import dev.switchboard.engine.resilience.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /health} (the process answers) and {@code /ready} (this instance can serve: a load balancer takes it out of
 * rotation otherwise). Not ready: shutting down; the ledger cannot journal (spend would go unrecorded); no model can
 * answer (every breaker open, or its provider refusing the gateway's credentials). Degraded but ready, and listed:
 * a cache tier DOWN, the ledger's database DOWN (records wait in the journal), some breakers open, some provider's
 * credentials refused. A shared Redis or PostgreSQL going down thus does not take every instance out at once while
 * each still answers.
 */
final class Probes {
    private final Engine engine;

    Probes(Engine engine) {
        this.engine = engine;
    }

    static ObjectNode health() {
        return Router.MAPPER.createObjectNode().put("status", "ok");
    }

    /** The readiness body; {@code status} is {@code ready} or {@code not_ready}. */
    ObjectNode ready(boolean draining) {
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (draining || engine.isClosed()) {
            down.add("gateway: shutting down");
        }
        EngineSnapshot s = engine.snapshot();
        for (TierSnapshot t : s.tiers()) {
            if (t.state() == TierState.DOWN) {
                degraded.add(t.tier() + ": DOWN" + reason(t.reason()));
            }
        }
        String ledger = s.ledger().state();
        if (ledger.equals("FAILED")) {
            down.add("ledger: FAILED" + reason(s.ledger().reason()) + "; answers cannot be recorded");
        } else if (ledger.equals("DOWN")) {
            degraded.add("ledger: DOWN" + reason(s.ledger().reason()) + "; records wait in the journal");
        }
        SwitchboardConfig cfg = engine.config();
        Map<String, String> refused = engine.providerAuthFailures();
        refused.forEach((p, why) -> degraded.add("provider " + p + ": credentials refused"));
        List<String> open = new ArrayList<>();
        int able = 0;
        for (BreakerSnapshot b : s.resilience().breakers()) {
            ModelConfig m = cfg.models().get(b.model());
            boolean authRefused = m != null && refused.containsKey(m.provider());
            if (b.health() == Health.DOWN) {
                open.add(b.model());
            } else if (!authRefused) {
                able++;
            }
        }
        if (!open.isEmpty()) {
            degraded.add("breaker open: " + String.join(", ", open));
        }
        if (able == 0 && !s.resilience().breakers().isEmpty()) {
            down.add("models: none can answer (breakers open or provider credentials refused)");
        }
        ObjectNode o = Router.MAPPER.createObjectNode();
        o.put("status", down.isEmpty() ? "ready" : "not_ready");
        if (!down.isEmpty()) {
            ArrayNode reasons = o.putArray("reasons");
            down.forEach(reasons::add);
        }
        ArrayNode d = o.putArray("degraded");
        degraded.forEach(d::add);
        return o;
    }

    private static String reason(String r) {
        return r == null || r.isBlank() ? "" : " (" + r + ")";
    }
}
