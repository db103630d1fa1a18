package dev.switchboard.engine.guard.policy;

import dev.switchboard.engine.guard.blocklist.BlocklistDetector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import dev.switchboard.engine.guard.injection.InjectionDetector;
import dev.switchboard.engine.guard.pii.PiiDetector;
import dev.switchboard.engine.guard.secret.SecretDetector;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link GuardRules} compiled: the detectors each guard that is on needs, built once (patterns compiled, the phone
 * region resolved) and shared by every request under those rules. Immutable and thread-safe.
 */
public final class GuardPolicy {
    private static final int CACHE_LIMIT = 256;
    private static final ConcurrentHashMap<GuardRules, GuardPolicy> COMPILED = new ConcurrentHashMap<>();
    private static final SecretDetector SECRETS = new SecretDetector();

    private final GuardRules rules;
    private final PiiDetector pii;
    private final SecretDetector secrets;
    private final InjectionDetector injection;
    private final BlocklistDetector blocklist;
    private final boolean active;

    /** @throws IllegalArgumentException naming the field, when the rules cannot be compiled */
    public GuardPolicy(GuardRules rules) {
        this.rules = rules;
        this.pii = rules.pii() == GuardMode.OFF || rules.piiTypes().isEmpty() ? null
                : new PiiDetector(rules.piiTypes(), rules.phoneRegion());
        this.secrets = rules.secrets() == GuardMode.OFF ? null : SECRETS;
        this.injection = rules.injection() == GuardMode.OFF ? null
                : new InjectionDetector(rules.injectionThreshold());
        BlocklistDetector b = rules.blocklist() == GuardMode.OFF ? null
                : new BlocklistDetector(rules.blocklistTerms(), rules.blocklistPatterns());
        this.blocklist = b == null || b.isEmpty() ? null : b;
        this.active = pii != null || secrets != null || injection != null || blocklist != null;
    }

    /** The shared compiled policy for {@code rules}. */
    public static GuardPolicy of(GuardRules rules) {
        GuardPolicy p = COMPILED.get(rules);
        if (p != null) {
            return p;
        }
        if (COMPILED.size() >= CACHE_LIMIT) {
            COMPILED.clear(); // Only an operator editing rules over and over gets here; recompiling is cheap.
        }
        return COMPILED.computeIfAbsent(rules, GuardPolicy::new);
    }

    public GuardRules rules() {
        return rules;
    }

    /** False when every guard is off: the caller can skip the scan altogether. */
    public boolean active() {
        return active;
    }

    public GuardMode modeFor(String type) {
        return rules.modeFor(type);
    }

    /**
     * Every finding in {@code text} under this policy: PII and secrets with overlaps resolved between them (a key's
     * digits are not a phone number), then injection and blocklist findings; empty (no allocation) when clean.
     */
    public List<Finding> scan(String text) {
        if (!active || text == null || text.isEmpty()) {
            return List.of();
        }
        List<Finding> spans = null;
        if (secrets != null) {
            spans = Findings.addAll(spans, secrets.find(text));
        }
        if (pii != null) {
            spans = Findings.addAll(spans, pii.find(text));
        }
        List<Finding> out = spans == null ? null
                : new java.util.ArrayList<>(Findings.resolveOverlaps(spans, PiiDetector.PRIORITY));
        if (injection != null) {
            out = Findings.addAll(out, injection.find(text));
        }
        if (blocklist != null) {
            out = Findings.addAll(out, blocklist.find(text));
        }
        return Findings.sorted(out);
    }
}
