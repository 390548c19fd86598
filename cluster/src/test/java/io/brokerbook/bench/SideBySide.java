package io.brokerbook.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rounds of a benchmark that puts sides next to each other (the lab's path, the tool a user would pick instead):
 * unmeasured warm-up rounds first, then every round runs every side once, the order rotating from round to round so
 * that no side always goes first. A side that throws (e.g. {@link Incomplete}) fails that round ON ITS SIDE: the round
 * counts as that side's worst possible value (0 when higher is better, infinity when lower is better), so every median
 * is over the same rounds for every side and a failure can only pull its own side down. Each round and the medians
 * are printed; the ratios are the caller's to print ({@link Results#printRatios}).
 */
public final class SideBySide {
    /** What a side's run measures; {@code higherIsBetter} decides what a failed round counts as. */
    public record Metric(String name, String unit, boolean higherIsBetter) {
        public static Metric higher(String name, String unit) {
            return new Metric(name, unit, true);
        }

        public static Metric lower(String name, String unit) {
            return new Metric(name, unit, false);
        }

        double worst() {
            return higherIsBetter ? 0 : Double.POSITIVE_INFINITY;
        }

        String label() {
            return name.isEmpty() ? unit : name + " " + unit;
        }
    }

    /** Which round a run belongs to: warm-up rounds are not measured (a Kafka side may send fewer records then). */
    public record Round(int number, boolean warmUp) {
        /** e.g. {@code w1}, {@code r3}: for topic and group names. */
        public String id() {
            return (warmUp ? "w" : "r") + number;
        }
    }

    /** One run of one side: one value per metric, measured by the run itself (its own clock, set up excluded). */
    @FunctionalInterface
    public interface Run {
        double[] run(Round round) throws Exception;
    }

    /** The run ended but did not do the whole job (fewer records acknowledged or read, an error status). */
    public static final class Incomplete extends Exception {
        public Incomplete(String message) {
            super(message);
        }
    }

    private record Side(String name, Run run) {
    }

    private final String title;
    private final List<Metric> metrics;
    private final List<Side> sides = new ArrayList<>();

    public SideBySide(String title, Metric... metrics) {
        this.title = title;
        this.metrics = List.of(metrics);
    }

    public SideBySide side(String name, Run run) {
        sides.add(new Side(name, run));
        return this;
    }

    /**
     * Runs {@code warmUps} unmeasured rounds, then {@code rounds} measured ones, and prints the medians. With several
     * sides, {@code rounds} is rounded up to a multiple of their number: the side that runs first in a round can be
     * measurably slower or faster (a broker's disk, a cold cache), so each side goes first equally often.
     */
    public Results run(int warmUps, int asked) {
        int rounds = sides.size() > 1 ? (asked + sides.size() - 1) / sides.size() * sides.size() : asked;
        if (rounds != asked) {
            System.out.printf("%n(%d rounds asked, %d run: each side goes first as often as the other%s)", asked, rounds,
                sides.size() > 2 ? "s" : "");
        }
        System.out.printf("%n== %s%n   %d warm-up round(s) (not counted), then %d rounds%s; a failed round counts on its"
            + " own side as %s%n", title, warmUps, rounds, sides.size() > 1 ? ", the order rotating" : "", worstWords());
        for (int w = 1; w <= warmUps; w++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   warm-up %d:", w));
            for (Side side : order(w - 1)) {
                try {
                    line.append("  ").append(side.name()).append(' ').append(figures(side.run().run(new Round(w, true))));
                } catch (Exception e) {
                    line.append("  ").append(side.name()).append(" FAILED (").append(oneLine(e)).append(')');
                }
                line.append(';');
            }
            System.out.println(line.append("  load ").append(loadAverage()));
        }
        double[][][] values = new double[sides.size()][rounds][];
        String[][] failures = new String[sides.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            List<Side> order = order(r);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   round %d/%d%s:", r + 1, rounds,
                sides.size() > 1 ? " (" + order.get(0).name() + " first)" : ""));
            for (Side side : order) {
                int s = sides.indexOf(side);
                double[] v;
                try {
                    v = side.run().run(new Round(r + 1, false));
                    if (v.length != metrics.size()) {
                        throw new IllegalStateException(v.length + " values for " + metrics.size() + " metrics");
                    }
                } catch (Exception e) {
                    failures[s][r] = oneLine(e);
                    v = metrics.stream().mapToDouble(Metric::worst).toArray();
                }
                values[s][r] = v;
                line.append("  ").append(side.name()).append(' ')
                    .append(failures[s][r] == null ? figures(v) : "FAILED (" + failures[s][r] + ")").append(';');
            }
            System.out.println(line.append("  load ").append(loadAverage()));
        }
        Results results = new Results(values, failures);
        results.print();
        return results;
    }

    /** Round {@code r} starts with side {@code r mod n} and keeps the declared order after it. */
    private List<Side> order(int r) {
        List<Side> order = new ArrayList<>();
        for (int i = 0; i < sides.size(); i++) {
            order.add(sides.get((r + i) % sides.size()));
        }
        return order;
    }

    private String worstWords() {
        return String.join(", ", metrics.stream()
            .map(m -> (m.higherIsBetter() ? "0 " : "infinite ") + m.label()).distinct().toList());
    }

    private String figures(double[] v) {
        List<String> parts = new ArrayList<>();
        for (int m = 0; m < metrics.size(); m++) {
            Metric metric = metrics.get(m);
            parts.add(metric.name().isEmpty() ? format(v[m]) + " " + metric.unit()
                : metric.name() + " " + format(v[m]) + " " + metric.unit());
        }
        return String.join(", ", parts);
    }

    /** Medians per side and metric over all rounds (failed rounds at their side's worst value). */
    public final class Results {
        private final double[][][] values;
        private final String[][] failures;

        private Results(double[][][] values, String[][] failures) {
            this.values = values;
            this.failures = failures;
        }

        public double median(String side, int metric) {
            double[] v = Arrays.stream(values[index(side)]).mapToDouble(a -> a[metric]).sorted().toArray();
            int n = v.length;
            if (n == 0) {
                return Double.NaN;
            }
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }

        public int failed(String side) {
            return (int) Arrays.stream(failures[index(side)]).filter(f -> f != null).count();
        }

        /** {@code median(a) / median(b)} of one metric; NaN when either median is a failure. */
        public double ratio(String a, String b, int metric) {
            double x = median(a, metric);
            double y = median(b, metric);
            return Double.isInfinite(x) || Double.isInfinite(y) || y == 0 ? Double.NaN : x / y;
        }

        /**
         * The median over the rounds of {@code a / b} within each round (rounds where either side failed left out;
         * NaN when none is left). The two runs of a round are minutes apart at most, so a load that changes from
         * round to round (other work on a shared machine) moves both and cancels out, where it can move the two
         * medians of {@link #ratio} apart.
         */
        public double pairedRatio(String a, String b, int metric) {
            double[][] x = values[index(a)];
            double[][] y = values[index(b)];
            double[] ratios = new double[x.length];
            int n = 0;
            for (int r = 0; r < x.length; r++) {
                if (failures[index(a)][r] == null && failures[index(b)][r] == null && y[r][metric] != 0) {
                    ratios[n++] = x[r][metric] / y[r][metric];
                }
            }
            if (n == 0) {
                return Double.NaN;
            }
            Arrays.sort(ratios, 0, n);
            return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        }

        /**
         * One line: {@code label: metric ratio (paired ratio), ...} of {@code a / b} ({@link #ratio}, then
         * {@link #pairedRatio}); {@code note} (may be empty) after it.
         */
        public Results printRatios(String label, String a, String b, String note) {
            List<String> parts = new ArrayList<>();
            for (int m = 0; m < metrics.size(); m++) {
                double r = ratio(a, b, m);
                double paired = pairedRatio(a, b, m);
                parts.add(metrics.get(m).label() + " " + (Double.isNaN(r) ? "n/a (a side failed most rounds)"
                    : String.format(Locale.ROOT, "%.2f (per round: median %.2f)", r, paired)));
            }
            System.out.printf("   RATIO %s (%s / %s): %s%s%n", label, a, b, String.join(", ", parts),
                note.isEmpty() ? "" : "  " + note);
            return this;
        }

        private void print() {
            int rounds = values.length == 0 ? 0 : values[0].length;
            System.out.printf("   MEDIAN of %d rounds:%n", rounds);
            int width = sides.stream().mapToInt(s -> s.name().length()).max().orElse(0);
            for (Side side : sides) {
                int s = sides.indexOf(side);
                double[] medians = new double[metrics.size()];
                for (int m = 0; m < metrics.size(); m++) {
                    medians[m] = median(side.name(), m);
                }
                int failed = failed(side.name());
                System.out.printf("     %-" + width + "s  %s  (failed rounds: %d of %d)%n", side.name(), figures(medians),
                    failed, rounds);
                if (failed > 0) {
                    Arrays.stream(failures[s]).filter(f -> f != null).distinct()
                        .forEach(f -> System.out.printf("       failure: %s%n", f));
                }
            }
        }

        private int index(String side) {
            for (int i = 0; i < sides.size(); i++) {
                if (sides.get(i).name().equals(side)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no side named " + side);
        }
    }

    static String format(double v) {
        if (Double.isInfinite(v)) {
            return "FAILED";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    /** JVM, its flags, heap, cores and load: what the figures below were measured with. */
    public static void printEnvironment(String benchmark) {
        System.out.printf("%s: JDK %s, flags %s, max heap %d MB, %d cores, load %s%n", benchmark, Runtime.version(),
            ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory() >> 20,
            Runtime.getRuntime().availableProcessors(), loadAverage());
    }

    /** The 1-minute load average: on a shared machine it says how much the figures can be trusted. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
