package dev.switchboard.engine.route;

import java.util.List;

/**
 * An A/B split: {@code bPercent} of users go to arm b, the rest to arm a, each user always to the same arm (a hash
 * of the user and the route's name), so an arm's figures are its users' whole experience.
 */
public record ExperimentRoute(String name, String a, String b, int bPercent) implements Route {
    public ExperimentRoute {
        if (a == null || a.isBlank() || b == null || b.isBlank()) {
            throw new IllegalArgumentException("a, b: both arms name a model");
        }
        if (a.equals(b)) {
            throw new IllegalArgumentException("b: must differ from a ('" + a + "')");
        }
        if (bPercent < 0 || bPercent > 100) {
            throw new IllegalArgumentException("b_percent: must be between 0 and 100, got " + bPercent);
        }
    }

    public ExperimentRoute withSplit(int percent) {
        return new ExperimentRoute(name, a, b, percent);
    }

    @Override
    public String kind() {
        return "experiment";
    }

    @Override
    public List<String> targets() {
        return List.of(a, b);
    }
}
