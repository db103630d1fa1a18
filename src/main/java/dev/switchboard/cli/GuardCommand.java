package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.guard.policy.GuardMode;
import dev.switchboard.engine.guard.policy.GuardPolicy;
import dev.switchboard.engine.guard.policy.GuardRules;
import dev.switchboard.replay.guard.GuardEval;
import dev.switchboard.replay.guard.LabelledTexts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard guard eval}: the input guards measured on labelled texts. */
@Command(name = "guard", mixinStandardHelpOptions = true,
        description = "The input and output guards: measure them on labelled texts.",
        subcommands = {GuardCommand.Eval.class})
final class GuardCommand {
    private GuardCommand() {
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Run the input guards over every labelled text and count, per PII type and for injection, "
                    + "true and false positives and misses.")
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--texts", paramLabel = "FILE", required = true,
                description = "JSON Lines: {\"text\": \"...\", \"pii\": [\"email\", ...], \"injection\": "
                        + "true|false, \"lookalike\": true|false} a line.")
        Path texts;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Engine config whose guards.input rules run (default: every input guard on, in flag "
                        + "mode, so everything is detected).")
        Path config;

        @Option(names = "--json", description = "One JSON object on standard output.")
        boolean json;

        @Option(names = "--misses", description = "Also list, on standard error, the line numbers of texts each "
                + "type got wrong (line numbers only: the texts hold personal data).")
        boolean misses;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            String why = Commands.unreadable(texts);
            if (why != null) {
                return Commands.refuse(spec, "--texts " + texts + ": " + why);
            }
            GuardRules rules = GuardRules.all(GuardMode.FLAG);
            if (config != null) {
                String cwhy = Commands.unreadable(config);
                if (cwhy != null) {
                    return Commands.refuse(spec, "--config " + config + ": " + cwhy);
                }
                try {
                    rules = new ConfigLoader(Commands.env(spec)).load(config).guards().input();
                } catch (ConfigException e) {
                    return Commands.refuse(spec, Echo.of(e.getMessage(), 300));
                }
            }
            LabelledTexts read = LabelledTexts.read(texts);
            for (String p : read.problems()) {
                err.println("switchboard: " + texts + ": skipped " + p);
            }
            if (read.texts().isEmpty()) {
                return Commands.refuse(spec, "--texts " + texts + ": no usable texts");
            }
            err.println(Commands.prefix(spec).stripTrailing() + ": " + read.texts().size() + " texts");
            err.flush();
            GuardEval.Result r = GuardEval.evaluate(read.texts(), new GuardPolicy(rules));
            if (misses) {
                r.misses().forEach((type, lines) -> {
                    if (!lines.isEmpty()) {
                        err.println("misses " + type + ": " + lines);
                    }
                });
                err.flush();
            }
            if (json) {
                out.println(toJson(r, read.problems().size()));
            } else {
                out.print(table(r, read.problems().size()));
            }
            out.flush();
            return 0;
        }
    }

    static String toJson(GuardEval.Result r, int skipped) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode o = om.createObjectNode();
        o.put("texts", r.texts());
        o.put("skipped", skipped);
        ObjectNode pii = o.putObject("pii");
        for (Map.Entry<String, GuardEval.Counts> e : r.pii().entrySet()) {
            GuardEval.Counts c = e.getValue();
            pii.putObject(e.getKey()).put("tp", c.tp()).put("fp", c.fp()).put("fn", c.fn())
                    .put("precision", round(c.precision())).put("recall", round(c.recall()));
        }
        GuardEval.Counts i = r.injection();
        o.putObject("injection").put("tp", i.tp()).put("fp", i.fp()).put("fn", i.fn()).put("tn", i.tn())
                .put("precision", round(i.precision())).put("recall", round(i.recall()));
        o.put("lookalikes", r.lookalikes());
        o.put("lookalikes_blocked", round(r.lookalikesBlocked()));
        return o.toString();
    }

    static String table(GuardEval.Result r, int skipped) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d texts (%d skipped)%n%n", r.texts(), skipped));
        sb.append(String.format(Locale.ROOT, "%-10s %6s %6s %6s %6s %9s %7s%n", "type", "tp", "fp", "fn", "tn",
                "precision", "recall"));
        for (Map.Entry<String, GuardEval.Counts> e : r.pii().entrySet()) {
            row(sb, e.getKey(), e.getValue());
        }
        row(sb, "injection", r.injection());
        sb.append(String.format(Locale.ROOT, "%nbenign look-alikes flagged as injection: %d of %d (%.1f%%)%n",
                r.lookalikesFlagged(), r.lookalikes(), 100 * r.lookalikesBlocked()));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, GuardEval.Counts c) {
        sb.append(String.format(Locale.ROOT, "%-10s %6d %6d %6d %6d %9.4f %7.4f%n", name, c.tp(), c.fp(), c.fn(),
                c.tn(), c.precision(), c.recall()));
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
