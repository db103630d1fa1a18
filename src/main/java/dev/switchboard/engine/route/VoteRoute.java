package dev.switchboard.engine.route;

import java.util.List;

/**
 * Several models or samples asked one classification-style question; the answer is the majority's. With
 * {@code earlyStop}, asking stops after 3 votes that all agree, or after 4 on a 3-1 majority: the remaining votes
 * could not change the majority of 5.
 *
 * @param voters the models asked, in order; a model named more than once is sampled again (a seed per vote)
 * @param field  the parsed answer's field that is the vote; null to vote on the whole answer text
 */
public record VoteRoute(String name, List<String> voters, String field, boolean earlyStop) implements Route {
    public VoteRoute {
        voters = List.copyOf(voters);
        if (voters.size() < 3) {
            throw new IllegalArgumentException("voters: a vote needs at least three, got " + voters.size());
        }
        field = field == null || field.isBlank() ? null : field.strip();
    }

    public VoteRoute withEarlyStop(boolean on) {
        return new VoteRoute(name, voters, field, on);
    }

    @Override
    public String kind() {
        return "vote";
    }

    @Override
    public List<String> targets() {
        return voters.stream().distinct().toList();
    }
}
