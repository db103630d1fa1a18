package dev.switchboard.engine.cache.semantic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Score threshold to observed false-hit rate, measured on labelled pairs by {@code semantic eval --calibrate}: for
 * each threshold, the share of wrong answers among the lookups the rule would answer at that threshold
 * (cumulative, so a row counts everything above it). {@link #thresholdFor} turns an operator's
 * {@code max_false_rate} into the most permissive threshold that stayed within it. Immutable.
 *
 * <p>File format: {@code #} comment lines (how it was made), then tab-separated rows
 * {@code threshold false_hit_rate true_hit_rate answered}, thresholds descending.
 */
public final class Calibration {
    /** Rows answering fewer lookups than this are too noisy to set a threshold by. */
    static final int MIN_ANSWERED = 50;

    private final double[] thresholds;
    private final double[] falseRates;
    private final double[] trueRates;
    private final long[] answered;
    private final List<String> comments;

    Calibration(double[] thresholds, double[] falseRates, double[] trueRates, long[] answered, List<String> comments) {
        this.thresholds = thresholds;
        this.falseRates = falseRates;
        this.trueRates = trueRates;
        this.answered = answered;
        this.comments = List.copyOf(comments);
    }

    /** The table shipped for {@code model}, or null when none is. */
    public static Calibration shipped(String model) {
        try (InputStream in = Calibration.class.getResourceAsStream("/semantic/calibration-" + model + ".tsv")) {
            return in == null ? null : parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                    "calibration-" + model + ".tsv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming the file and line when it is not a calibration table */
    public static Calibration read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        }
    }

    private static Calibration parse(BufferedReader r, String name) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        String line;
        int n = 0;
        double last = Double.POSITIVE_INFINITY;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            String[] f = line.split("\t");
            try {
                if (f.length != 4) {
                    throw new NumberFormatException("4 tab-separated columns expected");
                }
                double[] row = {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Long.parseLong(f[3])};
                if (!(row[0] < last)) {
                    throw new NumberFormatException("thresholds must descend");
                }
                last = row[0];
                rows.add(row);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " line " + n + ": not a calibration row (" + e.getMessage()
                        + ")");
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": no calibration rows");
        }
        int k = rows.size();
        double[] t = new double[k];
        double[] fr = new double[k];
        double[] tr = new double[k];
        long[] a = new long[k];
        for (int i = 0; i < k; i++) {
            t[i] = rows.get(i)[0];
            fr[i] = rows.get(i)[1];
            tr[i] = rows.get(i)[2];
            a[i] = (long) rows.get(i)[3];
        }
        return new Calibration(t, fr, tr, a, comments);
    }

    /**
     * Builds a table from scored lookups.
     *
     * @param scores   each answerable lookup's score (lookups the verifier refused are left out by the caller)
     * @param wrong    whether answering it would have been a false hit
     * @param right    whether it would have been a true hit (a duplicate answered by its own group)
     * @param duplicates how many lookups could have been true hits, the true-hit rate's denominator
     * @param from     lowest threshold in the table; {@code step} apart from 1 down
     */
    public static Calibration build(double[] scores, boolean[] wrong, boolean[] right, long duplicates, double from,
                                    double step, List<String> comments) {
        int k = (int) Math.floor((1.0 - from) / step + 1e-9) + 1;
        double[] t = new double[k];
        double[] fr = new double[k];
        double[] tr = new double[k];
        long[] a = new long[k];
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
        int p = 0;
        long ans = 0;
        long bad = 0;
        long good = 0;
        for (int row = 0; row < k; row++) {
            double th = round(1.0 - row * step);
            while (p < order.length && scores[order[p]] >= th - 1e-12) {
                ans++;
                bad += wrong[order[p]] ? 1 : 0;
                good += right[order[p]] ? 1 : 0;
                p++;
            }
            t[row] = th;
            fr[row] = ans == 0 ? 0 : (double) bad / ans;
            tr[row] = duplicates == 0 ? 0 : (double) good / duplicates;
            a[row] = ans;
        }
        return new Calibration(t, fr, tr, a, comments);
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    /**
     * The lowest threshold such that no row at or above it, among rows answering at least {@link #MIN_ANSWERED}
     * lookups, saw a false-hit rate above {@code maxFalseRate}; {@code +Infinity} (answer nothing) when even the
     * strictest row exceeded it.
     */
    public double thresholdFor(double maxFalseRate) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < thresholds.length; i++) {
            if (answered[i] < MIN_ANSWERED) {
                continue;
            }
            if (falseRates[i] > maxFalseRate) {
                break;
            }
            best = thresholds[i];
        }
        return best;
    }

    /** The row's observed rates at {@code threshold} (the nearest row at or above it), for display. */
    public double[] ratesAt(double threshold) {
        for (int i = thresholds.length - 1; i >= 0; i--) {
            if (thresholds[i] >= threshold - 1e-12) {
                return new double[] {falseRates[i], trueRates[i], answered[i]};
            }
        }
        return new double[] {0, 0, 0};
    }

    public int rows() {
        return thresholds.length;
    }

    /**
     * One measured row.
     *
     * @param falseHitRate wrong answers among the lookups answered at or above the threshold
     * @param trueHitRate  duplicates answered by their own group, of all duplicates that could have been
     * @param answered     lookups answered at or above the threshold
     */
    public record Row(double threshold, double falseHitRate, double trueHitRate, long answered) {
    }

    /** The whole table, thresholds descending: what the console draws as the curve. */
    public List<Row> table() {
        List<Row> out = new ArrayList<>(thresholds.length);
        for (int i = 0; i < thresholds.length; i++) {
            out.add(new Row(thresholds[i], falseRates[i], trueRates[i], answered[i]));
        }
        return List.copyOf(out);
    }

    /** How the table was made, from its comment lines. */
    public List<String> comments() {
        return comments;
    }

    public void write(Writer out) throws IOException {
        for (String c : comments) {
            out.write("# " + c + "\n");
        }
        for (int i = 0; i < thresholds.length; i++) {
            out.write(String.format(Locale.ROOT, "%.4f\t%.5f\t%.5f\t%d%n", thresholds[i], falseRates[i], trueRates[i],
                    answered[i]));
        }
    }
}
