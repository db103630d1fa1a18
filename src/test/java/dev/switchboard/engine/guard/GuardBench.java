package dev.switchboard.engine.guard;

import dev.switchboard.engine.guard.policy.GuardMode;
import dev.switchboard.engine.guard.policy.GuardPolicy;
import dev.switchboard.engine.guard.policy.GuardRules;
import dev.switchboard.engine.request.ChatRequest;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Not a test: every input guard (PII redact, secrets redact, injection flag, a ten-term blocklist block) on a 1 KB
 * prompt, one thread, p50/p99 after warm-up; once with no PII (dates, prices and a version in it, as real prompts
 * have), once with an e-mail address, a phone number, a card and an IP address, and once on a CSV table of numbers
 * (the number scanners' worst case). Usage: GuardBench [ITERATIONS].
 */
public final class GuardBench {
    static final String CLEAN = """
            Hi team, I'm putting together the quarterly planning notes and would like your help turning them into a \
            short summary for the leadership meeting on March 14. Last quarter we shipped version 4.2 of the mobile \
            app, moved the billing service to the new cluster, and cut the average support response time from 9 \
            hours to a little under 5. Revenue grew by about 12 percent, mostly from the annual plan, which now costs \
            $240 per seat. The main risks for next quarter are hiring (we still have three open roles in the platform \
            team), the migration of the reporting database, and the renewal of our two largest customer contracts \
            in May. Please write the summary in a friendly but concise tone, no more than 200 words, with one \
            paragraph on what went well, one on what we learned, and a bulleted list of the three priorities for \
            the next twelve weeks. Avoid jargon where you can, and explain any acronym the first time it appears. \
            If something in my notes is ambiguous, say so rather than guessing, and suggest a question I could ask \
            the team to clear it up. Thanks a lot, and let me know if you need the raw numbers from the dashboard.\
            """;
    static final String WITH_PII = """
            Hi team, I'm putting together the quarterly planning notes and would like your help turning them into a \
            short summary for the leadership meeting on March 14. Last quarter we shipped version 4.2 of the mobile \
            app, moved the billing service to the new cluster at 10.20.30.40, and cut the average support response \
            time from 9 hours to a little under 5. Revenue grew by about 12 percent, mostly from the annual plan, \
            which now costs $240 per seat. The main risks for next quarter are hiring, the migration of the \
            reporting database, and the renewal of our two largest customer contracts in May. Send questions to \
            maria.garcia@example.com or call (415) 734-8812. The corporate card 4111 1111 1111 1111 pays for the \
            offsite. Please write the summary in a friendly but concise tone, no more than 200 words, with one \
            paragraph on what went well, one on what we learned, and a bulleted list of the three priorities for \
            the next twelve weeks. Avoid jargon where you can, and explain any acronym the first time it appears. \
            If something is ambiguous, say so rather than guessing. Thanks a lot!\
            """;

    /** A worst case for the number scanners: 1 KB of a CSV table, many long digit runs, none of them PII. */
    static final String NUMBERS = numbers();

    private static String numbers() {
        StringBuilder sb = new StringBuilder("Sum the amount column per region:\nid,region,units,amount,order_ref\n");
        java.util.Random r = new java.util.Random(7);
        while (sb.length() < 1024) {
            sb.append(100000 + r.nextInt(900000)).append(",EU-").append(r.nextInt(9)).append(',')
                    .append(r.nextInt(5000)).append(',').append(r.nextInt(100000)).append('.').append(r.nextInt(100))
                    .append(",ORD-").append(20240000 + r.nextInt(9999)).append('\n');
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        GuardRules rules = GuardRules.all(GuardMode.REDACT).withInjection(GuardMode.FLAG, 0.6)
                .withBlocklist(GuardMode.BLOCK, List.of("project falcon", "acme rival", "codename", "leak",
                        "confidential merger", "darkweb", "tor browser", "insider", "pump and dump", "exploit kit"),
                        List.of());
        GuardPolicy policy = GuardPolicy.of(rules);
        Guards guards = new Guards();
        System.out.printf("prompt sizes: clean %d chars, with PII %d chars%n", CLEAN.length(), WITH_PII.length());
        for (String[] c : new String[][] {{"no PII", CLEAN}, {"4 PII items", WITH_PII}, {"CSV numbers", NUMBERS}}) {
            ChatRequest req = ChatRequest.builder().model("m").prompt(c[1]).build();
            run(guards, policy, req, iterations / 2); // warm-up
            Histogram h = run(guards, policy, req, iterations);
            System.out.printf("%-12s p50 %6.1f us  p99 %6.1f us  (n=%d)%n", c[0],
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getTotalCount());
        }
    }

    private static Histogram run(Guards guards, GuardPolicy policy, ChatRequest req, int n) {
        Histogram h = new Histogram(3);
        long sink = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            GuardedRequest g = guards.checkInput(req, policy);
            long dt = System.nanoTime() - t0;
            sink += g.verdicts().size();
            h.recordValue(Math.max(1, dt));
        }
        if (sink < 0) {
            System.out.println(sink);
        }
        return h;
    }
}
