package io.brokerbook.magics.compare;

import io.brokerbook.cluster.compare.CompetingConsumers;
import io.brokerbook.cluster.compare.Comparison;
import io.brokerbook.cluster.compare.Latency;
import io.brokerbook.cluster.compare.OfflineCatchUp;
import io.brokerbook.cluster.compare.Replay;
import io.brokerbook.cluster.compare.RestartSurvival;
import io.brokerbook.cluster.compare.Throughput;
import io.brokerbook.cluster.lab.Rows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The class's comparison table filled from one {@link Comparison}: every measured cell is worded from that run's
 * numbers by the rules below, and ends with the class's own figure ({@code clase: …}) where the class gives one.
 * Thread-safety and the learning curve are not something (a)–(g) measure: those cells carry the class's word only.
 * A system whose server is not installed shows {@value #NOT_INSTALLED} in every measured cell.
 */
final class ClassTable {
    static final String NOT_INSTALLED = "no instalado";
    static final String NOT_MEASURED = "no se mide aquí";

    private ClassTable() {
    }

    static Rows<ClassRow> of(Comparison c) {
        List<ClassRow> rows = new ArrayList<>();
        for (String system : c.plan().systems()) {
            if (c.notInstalled().containsKey(system)) {
                rows.add(new ClassRow(system, NOT_INSTALLED, NOT_INSTALLED, NOT_INSTALLED, NOT_INSTALLED, NOT_INSTALLED,
                    NOT_INSTALLED, NOT_INSTALLED, classOnly(system, ClassFigures::threadSafe),
                    classOnly(system, ClassFigures::learningCurve)));
                continue;
            }
            Throughput t = find(c.throughput(), Throughput::system, system);
            Latency l = find(c.latency(), Latency::system, system);
            OfflineCatchUp o = find(c.offline(), OfflineCatchUp::system, system);
            RestartSurvival r = find(c.restart(), RestartSurvival::system, system);
            CompetingConsumers f = find(c.competing(), CompetingConsumers::system, system);
            Replay g = find(c.replay(), Replay::system, system);
            rows.add(new ClassRow(system,
                withClass(storage(r), system, ClassFigures::storage),
                withClass(speed(t), system, ClassFigures::speed),
                latency(l),
                withClass(architecture(o, g), system, ClassFigures::architecture),
                withClass(guaranteed(t, o, r), system, ClassFigures::guaranteed),
                withClass(retention(o, g), system, ClassFigures::retention),
                withClass(rebalancing(f), system, ClassFigures::rebalancing),
                classOnly(system, ClassFigures::threadSafe),
                classOnly(system, ClassFigures::learningCurve)));
        }
        return Rows.of("El cuadro de la clase, medido en esta corrida", rows);
    }

    static <R extends Record> R find(Rows<R> rows, Function<R, String> system, String name) {
        return rows.stream().filter(r -> system.apply(r).equals(name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("No row for " + name + " in " + rows.title()));
    }

    static String storage(RestartSurvival r) {
        if (r.survived() == r.published()) {
            return String.format(Locale.ROOT, "persistente: %d de %d sobreviven al reinicio", r.survived(), r.published());
        }
        if (r.survived() == 0) {
            return String.format(Locale.ROOT, "en memoria: 0 de %d tras el reinicio", r.published());
        }
        return String.format(Locale.ROOT, "en parte: %d de %d sobreviven al reinicio", r.survived(), r.published());
    }

    static String speed(Throughput t) {
        String rate = String.format(Locale.ROOT, "%s msg/s", thousands(t.messagesPerSecond()));
        return t.receivedEverything() ? rate
            : String.format(Locale.ROOT, "%s (llegaron %d de %d)", rate, t.received(), t.published());
    }

    static String latency(Latency l) {
        return String.format(Locale.ROOT, "p50 %s µs, p99 %s µs", thousands(l.p50Micros()), thousands(l.p99Micros()));
    }

    /** Who keeps track: the consumer chooses where to read (replay), the broker keeps per subscriber until the ack, or neither. */
    static String architecture(OfflineCatchUp o, Replay g) {
        if (g.replayed() == g.published()) {
            return String.format(Locale.ROOT, "smart consumer: elige desde dónde leer (relee %d de %d)", g.replayed(), g.published());
        }
        if (o.getsEverything()) {
            return String.format(Locale.ROOT, "smart broker: guarda para cada suscriptor (%d de %d al volver, relee %d)",
                o.received(), o.published(), g.replayed());
        }
        return String.format(Locale.ROOT, "dumb broker: reenvía a quien esté conectado (%d de %d al volver)", o.received(), o.published());
    }

    /** The throughput is a guaranteed rate only if every message arrived, an offline subscriber got all, and all survived a restart. */
    static String guaranteed(Throughput t, OfflineCatchUp o, RestartSurvival r) {
        if (!t.receivedEverything()) {
            return String.format(Locale.ROOT, "sin garantía: llegaron %d de %d", t.received(), t.published());
        }
        if (!o.getsEverything()) {
            return String.format(Locale.ROOT, "sin garantía: %d de %d al suscriptor desconectado", o.received(), o.published());
        }
        if (r.survived() != r.published()) {
            return String.format(Locale.ROOT, "sin garantía: %d de %d tras el reinicio", r.survived(), r.published());
        }
        return String.format(Locale.ROOT, "%s msg/s", thousands(t.messagesPerSecond()));
    }

    static String retention(OfflineCatchUp o, Replay g) {
        if (g.replayed() == g.published()) {
            return String.format(Locale.ROOT, "guardados tras leerlos: relee %d de %d", g.replayed(), g.published());
        }
        if (o.getsEverything()) {
            return String.format(Locale.ROOT, "hasta el ACK: %d de %d al volver, relee %d", o.received(), o.published(), g.replayed());
        }
        return String.format(Locale.ROOT, "ninguna: %d de %d al volver, relee %d", o.received(), o.published(), g.replayed());
    }

    static String rebalancing(CompetingConsumers f) {
        String counts = String.join("/", f.perConsumer().stream().map(String::valueOf).toList());
        if (f.splitsTheWork()) {
            return String.format(Locale.ROOT, "reparte entre %d: %s de %d", f.perConsumer().size(), counts, f.published());
        }
        if (f.perConsumer().stream().allMatch(n -> n == f.published())) {
            return String.format(Locale.ROOT, "no reparte: cada uno recibe los %d (%s)", f.published(), counts);
        }
        return String.format(Locale.ROOT, "%s de %d", counts, f.published());
    }

    private static String withClass(String measured, String system, Function<ClassFigures, String> figure) {
        return ClassFigures.of(system).map(figure).map(f -> measured + " · clase: " + f).orElse(measured);
    }

    private static String classOnly(String system, Function<ClassFigures, String> figure) {
        return ClassFigures.of(system).map(figure).map(f -> NOT_MEASURED + " · clase: " + f).orElse(NOT_MEASURED);
    }

    /** A rounded whole number with a comma every three digits, as the class's tools print them. */
    static String thousands(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }
}
