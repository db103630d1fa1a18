package dev.switchboard.console;

import dev.switchboard.engine.EngineSnapshot;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A red banner when a provider starts refusing Switchboard's credentials: once per provider, until it accepts them
 * again (the engine clears the alert on its next good call), so a bad key is seen at once but not per request.
 */
final class ProviderAlerts {
    private final Notifier notifier;
    private final Set<String> shown = new HashSet<>();

    ProviderAlerts(Notifier notifier) {
        this.notifier = notifier;
    }

    void show(EngineSnapshot s) {
        Map<String, String> now = s.providerAuthFailures();
        shown.retainAll(now.keySet());
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (shown.add(e.getKey())) {
                notifier.error("Provider: " + e.getValue());
            }
        }
    }
}
