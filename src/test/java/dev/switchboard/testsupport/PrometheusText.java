package dev.switchboard.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests. The Prometheus Java client 1.x writes
 * the format but ships no parser (the reference parser is Go's {@code expfmt}), so this one checks what a scraper
 * relies on and fails on anything else: {@code # TYPE} before a family's samples and at most once, valid metric
 * and label names, escaped label values, float values, no series twice, sample names that belong to their family
 * ({@code _bucket}/{@code _sum}/{@code _count} for histograms), cumulative buckets ending in {@code +Inf} equal to
 * {@code _count}.
 */
public final class PrometheusText {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its name, labels (sorted) and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> help = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Set<String> seen = new java.util.HashSet<>();
        Set<String> closed = new java.util.HashSet<>();
        String family = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
                    String name = parts[2];
                    require(METRIC.matcher(name).matches(), n, "bad metric name " + name);
                    if (parts[1].equals("TYPE")) {
                        require(parts.length == 4 && TYPES.contains(parts[3]), n, "bad type " + line);
                        require(!p.types.containsKey(name), n, "TYPE twice for " + name);
                        if (family != null && !family.equals(name)) {
                            closed.add(family);
                        }
                        require(!closed.contains(name), n, "family " + name + " split");
                        p.types.put(name, parts[3]);
                        family = name;
                    } else {
                        require(!p.help.containsKey(name), n, "HELP twice for " + name);
                        p.help.put(name, parts.length == 4 ? parts[3] : "");
                    }
                }
                continue;
            }
            Sample s = sample(line, n);
            String fam = familyOf(p.types, s.name());
            require(fam != null, n, "sample " + s.name() + " before its # TYPE");
            require(fam.equals(family), n, "sample " + s.name() + " outside its family's block");
            require(seen.add(s.name() + s.labels()), n, "series twice: " + s.name() + s.labels());
            p.samples.add(s);
        }
        p.checkHistograms();
        return p;
    }

    private static String familyOf(Map<String, String> types, String sample) {
        if (types.containsKey(sample)) {
            String t = types.get(sample);
            return t.equals("histogram") ? null : sample;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count", "_created")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String t = types.get(base);
                if (t != null && (t.equals("histogram") || t.equals("summary") || suffix.equals("_created"))) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Sample sample(String line, int n) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(METRIC.matcher(name).matches(), n, "bad metric name " + name);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                require(eq > i, n, "label without =");
                String label = line.substring(i, eq);
                require(LABEL.matcher(label).matches(), n, "bad label name " + label);
                require(line.charAt(eq + 1) == '"', n, "label value not quoted");
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        v.append(switch (e) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw new IllegalArgumentException("line " + n + ": bad escape \\" + e);
                        });
                    } else {
                        v.append(c);
                    }
                }
                require(labels.put(label, v.toString()) == null, n, "label twice: " + label);
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        require(i < line.length() && line.charAt(i) == ' ', n, "no space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        require(rest.length == 1 || rest.length == 2, n, "value and at most a timestamp: " + line);
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name, labels, value(rest[0], n));
    }

    private static double value(String v, int n) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + ": bad value " + v);
                }
            }
        };
    }

    private void checkHistograms() {
        types.forEach((name, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> bySeries = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(name + "_bucket")) {
                    Map<String, String> rest = new TreeMap<>(s.labels());
                    require(rest.remove("le") != null, 0, name + "_bucket without le");
                    bySeries.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
                }
            }
            bySeries.forEach((labels, buckets) -> {
                double last = -1;
                double lastBound = Double.NEGATIVE_INFINITY;
                for (Sample b : buckets) {
                    double bound = value(b.labels().get("le"), 0);
                    require(bound > lastBound, 0, name + labels + ": le not increasing");
                    require(b.value() >= last, 0, name + labels + ": buckets not cumulative");
                    last = b.value();
                    lastBound = bound;
                }
                require(lastBound == Double.POSITIVE_INFINITY, 0, name + labels + ": no +Inf bucket");
                require(last == value(name + "_count", labels), 0, name + labels + ": +Inf bucket != _count");
            });
        });
    }

    private static void require(boolean ok, int line, String what) {
        if (!ok) {
            throw new IllegalArgumentException((line > 0 ? "line " + line + ": " : "") + what);
        }
    }

    public Map<String, String> types() {
        return Map.copyOf(types);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The value of the series with exactly these labels ({@code k1, v1, k2, v2, ...}); NaN when absent. */
    public double value(String name, String... labels) {
        return value(name, pairs(labels));
    }

    private double value(String name, Map<String, String> labels) {
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().equals(labels)) {
                return s.value();
            }
        }
        return Double.NaN;
    }

    /** The sum over every series of {@code name} whose labels include these ({@code k1, v1, ...}); 0 when none. */
    public double sum(String name, String... labels) {
        Map<String, String> want = pairs(labels);
        double total = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(want.entrySet())) {
                total += s.value();
            }
        }
        return total;
    }

    /** The distinct values {@code label} takes in {@code name}'s series. */
    public Set<String> labelValues(String name, String label) {
        Set<String> out = new java.util.TreeSet<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().containsKey(label)) {
                out.add(s.labels().get(label));
            }
        }
        return out;
    }

    private static Map<String, String> pairs(String... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
