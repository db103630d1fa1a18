package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Not a test: the chain's overhead on one thread after warm-up, for answers parsed by strict JSON (clean) and by
 * extraction (a fenced block, JSON in prose), validated against the shipped product schema (~300-byte answers).
 * Usage: ParseBench [ITERATIONS=200000].
 */
public final class ParseBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        ObjectMapper om = new ObjectMapper();
        JsonNode schema;
        try (InputStream in = ParseBench.class.getResourceAsStream("/dev/switchboard/workload/schemas/product.json")) {
            schema = om.readTree(in);
        }
        ObjectNode rf = om.createObjectNode().put("type", "json_schema");
        rf.putObject("json_schema").put("name", "product").set("schema", schema);
        Expectation e = Expectation.fromResponseFormat(rf);
        ObjectNode v = om.createObjectNode().put("name", "Ergonomic LED desk lamp with wireless charger, five colour modes, touch dimmer and a USB-C port for phones")
                .put("brand", "Lumen Works Home & Office").put("price", 89.99).put("currency", "USD").put("in_stock", true)
                .put("rating", 4.6);
        v.putArray("tags").add("office").add("lighting").add("led").add("usb-c").add("adjustable aluminium arm");
        String clean = v.toString();
        String fenced = "```json\n" + om.writerWithDefaultPrettyPrinter().writeValueAsString(v) + "\n```";
        String prose = "Here is the result: " + clean + "\nLet me know if you need anything else.";
        System.out.printf("answer sizes: clean %d B, fenced %d B, prose %d B%n", clean.length(), fenced.length(),
                prose.length());
        OutputParser parser = new OutputParser();
        List<Strategy> chain = Strategy.ALL;
        String[] names = {"strict_json (clean)", "extracted_json (fenced)", "extracted_json (prose)"};
        String[] texts = {clean, fenced, prose};
        Strategy[] expected = {Strategy.STRICT_JSON, Strategy.EXTRACTED_JSON, Strategy.EXTRACTED_JSON};
        for (int c = 0; c < texts.length; c++) {
            Parsed check = parser.parse(texts[c], e, chain);
            if (check.strategy() != expected[c]) {
                throw new IllegalStateException(names[c] + " parsed by " + check.strategy() + ": " + check.tried());
            }
            run(parser, texts[c], e, chain, n, null);
            Histogram h = new Histogram(1_000_000_000L, 3);
            run(parser, texts[c], e, chain, n, h);
            System.out.printf("%-26s p50 %6.2f us  p99 %6.2f us  p99.9 %6.2f us  (%,d runs)%n", names[c],
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, h.getTotalCount());
        }
    }

    private static void run(OutputParser p, String text, Expectation e, List<Strategy> chain, int n, Histogram h) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Parsed r = p.parse(text, e, chain);
            long t = System.nanoTime() - t0;
            sink += r.value().size();
            if (h != null) {
                h.recordValue(t);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
