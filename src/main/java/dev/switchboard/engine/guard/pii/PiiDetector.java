package dev.switchboard.engine.guard.pii;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every PII type a policy asks for, in one scan: each type's detector runs, and where two types claim the same
 * characters the more specific one wins ({@link #PRIORITY}: a valid IBAN's digits are not also a phone number,
 * nor a card's, nor an IP's).
 */
public final class PiiDetector implements Detector {
    /** The PII types, as the config's {@code pii_types} and the labelled set spell them. */
    public static final List<String> TYPES = List.of(Finding.EMAIL, Finding.PHONE, Finding.CARD, Finding.IBAN,
            Finding.SSN, Finding.IP);
    /** Which type keeps overlapping characters: checksummed and structured formats before phone numbers. */
    public static final List<String> PRIORITY = List.of(Finding.SECRET, Finding.EMAIL, Finding.IBAN, Finding.CARD,
            Finding.SSN, Finding.IP, Finding.PHONE);

    private final Set<String> types;
    private final Detector[] detectors;
    private final PhoneDetector phone;

    /**
     * @param types  the subset of {@link #TYPES} to look for
     * @param region the default region for national phone numbers
     */
    public PiiDetector(Set<String> types, String region) {
        this.types = Set.copyOf(new LinkedHashSet<>(types));
        for (String t : this.types) {
            if (!TYPES.contains(t)) {
                throw new IllegalArgumentException("pii_types: unknown type '" + t + "'; known: "
                        + String.join(", ", TYPES));
            }
        }
        List<Detector> d = new ArrayList<>();
        // Cheapest first; phone (libphonenumber) last.
        if (this.types.contains(Finding.EMAIL)) {
            d.add(new EmailDetector());
        }
        if (this.types.contains(Finding.IBAN)) {
            d.add(new IbanDetector());
        }
        if (this.types.contains(Finding.CARD)) {
            d.add(new CardDetector());
        }
        if (this.types.contains(Finding.SSN)) {
            d.add(new SsnDetector());
        }
        if (this.types.contains(Finding.IP)) {
            d.add(new IpDetector());
        }
        this.phone = this.types.contains(Finding.PHONE) ? new PhoneDetector(region) : null;
        this.detectors = d.toArray(Detector[]::new);
    }

    public Set<String> types() {
        return types;
    }

    @Override
    public List<Finding> find(String text) {
        List<Finding> all = null;
        for (Detector d : detectors) {
            all = Findings.addAll(all, d.find(text));
        }
        if (phone != null) {
            all = Findings.addAll(all, phone.find(text, all == null ? List.of() : all));
        }
        return Findings.resolveOverlaps(all, PRIORITY);
    }
}
