package dev.switchboard.engine.cache.semantic;

import java.util.List;

/**
 * What the acceptance rule decides on: the nearest live entry, how close it is, how far ahead of the next distinct
 * entry, and which verifier checks it fails. {@link SemanticIndex#probe} makes one; {@link AcceptanceRule#decide}
 * turns it into a {@link Lookup}, so tools can try several rules on one search.
 *
 * @param prompt     the prompt looked up
 * @param candidate  the nearest live entry, or null
 * @param similarity cosine similarity of the candidate (0 without one)
 * @param margin     similarity minus that of the nearest other entry that is not a near copy of the candidate
 *                   (1 when there is none)
 * @param failures   verifier checks the candidate fails, in {@link Verifier#CHECKS} order; empty when the
 *                   similarity is below the floor (the checks were not run)
 */
public record Probe(String prompt, SemanticEntry candidate, double similarity, double margin, List<String> failures) {
    public Probe {
        failures = List.copyOf(failures);
    }

    static Probe empty(String prompt) {
        return new Probe(prompt, null, 0, 1, List.of());
    }
}
