package dev.switchboard.engine.route;

import java.util.ArrayList;
import java.util.List;

/**
 * Cheap first: each stage's model answers in turn until one is confident enough; the last stage's answer stands
 * whatever its confidence. Every stage called is paid and recorded.
 *
 * @param threshold the confidence at or above which a stage's answer stands, in [0, 1]
 * @param field     the parsed answer's field holding its self-reported confidence ({@link Confidence#FIELD})
 * @param verifier  the model asked to judge an answer ({@link Confidence#VERIFIER})
 */
public record CascadeRoute(String name, List<String> stages, double threshold, Confidence confidence, String field,
                           String verifier) implements Route {
    public CascadeRoute {
        stages = List.copyOf(stages);
        if (stages.size() < 2) {
            throw new IllegalArgumentException("stages: a cascade needs at least two models, got " + stages.size());
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold: must be between 0 and 1, got " + threshold);
        }
        if (confidence == null) {
            throw new IllegalArgumentException("confidence: is required (logprobs, parse, field, verifier)");
        }
        if (confidence == Confidence.FIELD && (field == null || field.isBlank())) {
            throw new IllegalArgumentException("field: names the answer's confidence field, for confidence: field");
        }
        if (confidence == Confidence.VERIFIER && (verifier == null || verifier.isBlank())) {
            throw new IllegalArgumentException("verifier: names the model that judges, for confidence: verifier");
        }
    }

    public CascadeRoute withThreshold(double t) {
        return new CascadeRoute(name, stages, t, confidence, field, verifier);
    }

    @Override
    public String kind() {
        return "cascade";
    }

    @Override
    public List<String> targets() {
        List<String> t = new ArrayList<>(stages);
        if (verifier != null) {
            t.add(verifier);
        }
        return t;
    }
}
