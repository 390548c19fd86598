package io.brokerbook.magics.compare;

import io.brokerbook.cluster.compare.CompetingConsumers;
import io.brokerbook.cluster.compare.Comparison;
import io.brokerbook.cluster.compare.Latency;
import io.brokerbook.cluster.compare.Replay;
import io.brokerbook.cluster.compare.RestartSurvival;
import io.brokerbook.cluster.compare.Throughput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** The sentences under the class's table, each worded from one {@link Comparison}'s numbers (Markdown, Spanish). */
final class Summary {
    private Summary() {
    }

    static String of(Comparison c) {
        List<String> lines = new ArrayList<>();
        List<Throughput> speeds = c.throughput().rows();
        if (!speeds.isEmpty()) {
            Throughput fastest = speeds.stream().max(Comparator.comparingDouble(Throughput::messagesPerSecond)).orElseThrow();
            Throughput slowest = speeds.stream().min(Comparator.comparingDouble(Throughput::messagesPerSecond)).orElseThrow();
            lines.add(String.format(Locale.ROOT, "- En (a) el más rápido fue **%s** con **%s** msg/s y el más lento **%s** con **%s** msg/s: "
                    + "**%s** veces más.", fastest.system(), ClassTable.thousands(fastest.messagesPerSecond()), slowest.system(),
                ClassTable.thousands(slowest.messagesPerSecond()), times(fastest.messagesPerSecond(), slowest.messagesPerSecond())));
        }
        c.latency().stream().min(Comparator.comparingDouble(Latency::p50Micros)).ifPresent(l -> lines.add(String.format(Locale.ROOT,
            "- En (b) la latencia p50 más baja fue la de **%s**: **%s** µs.", l.system(), ClassTable.thousands(l.p50Micros()))));
        lines.add(split("- Sobreviven al reinicio del broker (d)", "no sobreviven", c.restart().rows(),
            (RestartSurvival r) -> r.survived() == r.published(), RestartSurvival::system));
        lines.add(split("- Releen lo ya publicado (g)", "no releen", c.replay().rows(),
            (Replay r) -> r.replayed() == r.published(), Replay::system));
        lines.add(split("- Reparten el trabajo entre consumidores (f)", "no lo reparten", c.competing().rows(),
            CompetingConsumers::splitsTheWork, CompetingConsumers::system));
        kafkaVersusRabbit(c).ifPresent(lines::add);
        if (!c.notInstalled().isEmpty()) {
            lines.add("- No instalados aquí (su fila dice «" + ClassTable.NOT_INSTALLED + "»): " + String.join("; ",
                c.notInstalled().entrySet().stream().map(e -> "**" + e.getKey() + "** (" + e.getValue() + ")").toList()) + ".");
        }
        return String.join("\n", lines);
    }

    private static java.util.Optional<String> kafkaVersusRabbit(Comparison c) {
        var kafka = c.throughput().stream().filter(t -> t.system().equals("Kafka")).findFirst();
        var rabbit = c.throughput().stream().filter(t -> t.system().equals("RabbitMQ")).findFirst();
        if (kafka.isEmpty() || rabbit.isEmpty()) {
            return java.util.Optional.empty();
        }
        double k = kafka.get().messagesPerSecond();
        double r = rabbit.get().messagesPerSecond();
        double ratio = Math.round(k) / (double) Math.max(1, Math.round(r));
        String verb = ratio >= 1 ? "supera a" : ratio >= 0.8 ? "se acerca a" : "queda por debajo de";
        String share = ratio >= 1 ? String.format(Locale.ROOT, "%.1f veces", ratio) : String.format(Locale.ROOT, "el %.0f %%", 100 * ratio);
        return java.util.Optional.of(String.format(Locale.ROOT, "- La clase da 1 millón/s para Kafka y entre 4k/s y 10k/s para "
                + "RabbitMQ; aquí Kafka **%s** RabbitMQ (**%s** contra **%s** msg/s: %s), en una sola máquina compartida.",
            verb, ClassTable.thousands(k), ClassTable.thousands(r), share));
    }

    private static <R> String split(String yes, String no, List<R> rows, Predicate<R> test, java.util.function.Function<R, String> name) {
        List<String> pass = rows.stream().filter(test).map(name).toList();
        List<String> fail = rows.stream().filter(test.negate()).map(name).toList();
        return yes + ": " + names(pass) + "; " + no + ": " + names(fail) + ".";
    }

    private static String names(List<String> systems) {
        return systems.isEmpty() ? "ninguno" : String.join(", ", systems.stream().map(s -> "**" + s + "**").toList());
    }

    static String times(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "%.1f", a / b) : "∞";
    }
}
