package io.brokerbook.magics.kafka;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Map;
import java.util.TreeMap;

/** {@code --print-metrics}: a client's metrics at the end of the run, named and sorted as Kafka's ToolsUtils.printMetrics does. */
final class MetricsTable {
    private MetricsTable() {
    }

    static Table of(String title, Map<MetricName, ? extends Metric> metrics) {
        Map<String, String> sorted = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            Object value = metric.metricValue();
            sorted.put(name.group() + ":" + name.name() + ":" + name.tags(),
                value instanceof Double d ? String.format("%.3f", d) : String.valueOf(value));
        });
        StringColumn names = StringColumn.create("Metric Name");
        StringColumn values = StringColumn.create("Value");
        sorted.forEach((n, v) -> {
            names.append(n);
            values.append(v);
        });
        return Table.create(title, names, values);
    }
}
