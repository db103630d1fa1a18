package dev.switchboard.engine.guard.policy;

import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.injection.InjectionDetector;
import dev.switchboard.engine.guard.blocklist.BlocklistDetector;
import dev.switchboard.engine.guard.pii.PhoneDetector;
import dev.switchboard.engine.guard.pii.PiiDetector;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The guards of one direction (input or output) as configured (YAML names in brackets). Plain data with value
 * equality, so a config saved and read back compares equal; {@link GuardPolicy} is its compiled form.
 *
 * @param pii                what to do with personal data ({@code pii})
 * @param secrets            with credentials ({@code secrets})
 * @param injection          with prompt injection ({@code injection})
 * @param blocklist          with blocklisted terms and patterns ({@code blocklist})
 * @param injectionThreshold the injection score at which a text counts as one, in (0, 1] ({@code injection_threshold})
 * @param blocklistTerms     words and phrases, whole words in any case ({@code blocklist_terms})
 * @param blocklistPatterns  Java regular expressions ({@code blocklist_patterns})
 * @param phoneRegion        the ISO 3166 region national phone numbers are read in, upper-cased ({@code phone_region})
 * @param piiTypes           which PII types to look for, a subset of {@link PiiDetector#TYPES} ({@code pii_types})
 */
public record GuardRules(GuardMode pii, GuardMode secrets, GuardMode injection, GuardMode blocklist,
                         double injectionThreshold, List<String> blocklistTerms, List<String> blocklistPatterns,
                         String phoneRegion, Set<String> piiTypes) {
    public static final String DEFAULT_REGION = "US";

    public GuardRules {
        Objects.requireNonNull(pii, "pii");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(injection, "injection");
        Objects.requireNonNull(blocklist, "blocklist");
        if (!(injectionThreshold > 0 && injectionThreshold <= 1)) {
            throw new IllegalArgumentException("injection_threshold: must be greater than 0 and at most 1, got "
                    + injectionThreshold);
        }
        blocklistTerms = List.copyOf(blocklistTerms == null ? List.of() : blocklistTerms);
        blocklistPatterns = List.copyOf(blocklistPatterns == null ? List.of() : blocklistPatterns);
        // Checked here, so rules that exist compile: the region is one libphonenumber knows, the patterns parse.
        phoneRegion = new PhoneDetector(phoneRegion == null ? DEFAULT_REGION : phoneRegion).region();
        new BlocklistDetector(blocklistTerms, blocklistPatterns);
        piiTypes = Set.copyOf(new LinkedHashSet<>(piiTypes == null ? PiiDetector.TYPES : piiTypes));
        for (String t : piiTypes) {
            if (!PiiDetector.TYPES.contains(t)) {
                throw new IllegalArgumentException("pii_types: unknown type '" + t + "'; known: "
                        + String.join(", ", PiiDetector.TYPES));
            }
        }
    }

    /** Every guard off: what a config without {@code guards:} runs. */
    public static GuardRules off() {
        return new GuardRules(GuardMode.OFF, GuardMode.OFF, GuardMode.OFF, GuardMode.OFF,
                InjectionDetector.DEFAULT_THRESHOLD, List.of(), List.of(), DEFAULT_REGION,
                Set.copyOf(PiiDetector.TYPES));
    }

    /** Every guard in {@code mode} (the eval's default: flag, so everything found is reported and nothing changed). */
    public static GuardRules all(GuardMode mode) {
        return new GuardRules(mode, mode, mode, mode, InjectionDetector.DEFAULT_THRESHOLD, List.of(), List.of(),
                DEFAULT_REGION, Set.copyOf(PiiDetector.TYPES));
    }

    /** The mode for a finding's type. */
    public GuardMode modeFor(String type) {
        return switch (type) {
            case Finding.SECRET -> secrets;
            case Finding.INJECTION -> injection;
            case Finding.BLOCKLIST -> blocklist;
            default -> pii;
        };
    }

    public boolean anyOn() {
        return pii != GuardMode.OFF || secrets != GuardMode.OFF || injection != GuardMode.OFF
                || blocklist != GuardMode.OFF;
    }

    public GuardRules withPii(GuardMode m) {
        return new GuardRules(m, secrets, injection, blocklist, injectionThreshold, blocklistTerms,
                blocklistPatterns, phoneRegion, piiTypes);
    }

    public GuardRules withSecrets(GuardMode m) {
        return new GuardRules(pii, m, injection, blocklist, injectionThreshold, blocklistTerms, blocklistPatterns,
                phoneRegion, piiTypes);
    }

    public GuardRules withInjection(GuardMode m, double threshold) {
        return new GuardRules(pii, secrets, m, blocklist, threshold, blocklistTerms, blocklistPatterns, phoneRegion,
                piiTypes);
    }

    public GuardRules withBlocklist(GuardMode m, List<String> terms, List<String> patterns) {
        return new GuardRules(pii, secrets, injection, m, injectionThreshold, terms, patterns, phoneRegion,
                piiTypes);
    }

    public GuardRules withPiiTypes(Set<String> types, String region) {
        return new GuardRules(pii, secrets, injection, blocklist, injectionThreshold, blocklistTerms,
                blocklistPatterns, region, types);
    }
}
