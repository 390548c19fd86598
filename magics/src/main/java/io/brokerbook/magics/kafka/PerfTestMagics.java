package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.TableDisplay;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code %kafka-producer-perf-test} and {@code %kafka-consumer-perf-test}: Kafka's perf tools' flags and summary
 * lines, a live progress line while they run, replaced by the final table.
 */
final class PerfTestMagics {
    static final ArgSpec PRODUCER_SPEC = ArgSpec.named("kafka-producer-perf-test",
            "Send many records as fast as possible (or at --throughput) and print Kafka's perf summary line.")
        .option("--topic", "TOPIC", "The topic.")
        .option("--num-records", "N", "How many records.")
        .option("--record-size", "BYTES", "Size of each record's value.")
        .option("--throughput", "REC/S", "Records per second at most; -1 = no limit.")
        .option("--producer-props", "K=V [K=V…]", "Producer settings, e.g. bootstrap.servers=localhost:9092 acks=1.")
        .option("--producer.config", "FILE", "Producer settings as a properties file (--producer-props override them).")
        .flag("--print-metrics", "Show the producer's metrics at the end of the run.")
        .positional("K=V…", "More --producer-props values.");

    static final ArgSpec CONSUMER_SPEC = ClusterOptions.common(ArgSpec.named("kafka-consumer-perf-test",
            "Read many records as fast as possible and print Kafka's consumer perf figures."))
        .deprecated("--broker-list", "HOST:PORT", ClusterOptions.BROKER_LIST_NOTE)
        .option("--topic", "TOPIC", "The topic.")
        .option("--messages", "N", "How many records to read.")
        .option("--group", "GROUP", "Consumer group (default perf-consumer-NNNNN).")
        .flag("--from-latest", "Start at the end instead of the beginning.")
        .option("--timeout", "MS", "Stop after MS without records (default 10000).")
        .option("--fetch-size", "BYTES", "max.partition.fetch.bytes.")
        .option("--consumer.config", "FILE", "Consumer settings as a properties file (security.protocol, sasl.* ...).")
        .flag("--show-detailed-stats", "Print a figures line every --reporting-interval instead of the final summary.")
        .option("--reporting-interval", "MS", "With --show-detailed-stats: how often (default 5000).")
        .flag("--print-metrics", "Show the consumer's metrics at the end of the run.");

    static final String CONSUMER_HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,"
        + " rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

    private final KafkaSession session;

    PerfTestMagics(KafkaSession session) {
        this.session = session;
    }

    List<Magic> magics() {
        return List.of(Magic.of(PRODUCER_SPEC, this::producer, null), Magic.of(CONSUMER_SPEC, this::consumer, null));
    }

    // ---------------------------------------------------------------- producer

    void producer(List<String> argv, MagicContext ctx) {
        ParsedArgs args = PRODUCER_SPEC.parse(argv);
        String topic = args.require("--topic");
        int records = positive(args, "--num-records", "kafka-producer-perf-test");
        int size = positive(args, "--record-size", "kafka-producer-perf-test");
        long throughput = args.longValue("--throughput").orElseThrow(() ->
            new MagicException("kafka-producer-perf-test: missing --throughput (-1 for no limit)."));
        // as ProducerPerformance: the file first, --producer-props override it
        Map<String, String> props = new LinkedHashMap<>(
            ClientConfigFile.read("kafka-producer-perf-test", "--producer.config", args.value("--producer.config")));
        List<String> kv = new ArrayList<>(args.values("--producer-props"));
        kv.addAll(args.positionals());
        for (String pair : kv) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new MagicException("kafka-producer-perf-test: --producer-props takes KEY=VALUE pairs, got '" + pair + "'.");
            }
            props.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        KafkaCluster cluster = ClusterOptions.cluster(session, Optional.ofNullable(props.remove("bootstrap.servers")), props, ctx.out());
        ClusterOptions.requireTopic(cluster, topic);
        Properties config = KafkaSession.producerProps(cluster);
        config.putAll(props);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] payload = payload(size);
        Progress progress = new Progress(ctx);
        progress.show(String.format("%s 0 / %d records sent", Progress.bar(0, records), records));
        BulkSender.SendReport report;
        Table metrics = null;
        // as ProducerPerformance: a line per 5 s window of acknowledged records, and beside it their chart
        ThroughputChart chart = new ThroughputChart(ctx, "kafka-producer-perf-test: records/sec per "
            + ProducerWindows.REPORTING_INTERVAL_MS / 1000 + " s window");
        ProducerWindows windows = new ProducerWindows(System.currentTimeMillis(), ProducerWindows.REPORTING_INTERVAL_MS, w -> {
            ctx.out().println(w.line());
            chart.interval(w.fromSeconds(), w.toSeconds(), w.recordsPerSec());
        });
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            Throttle throttle = new Throttle(throughput);
            report = BulkSender.send(producer, records, i -> {
                throttle.await(i);
                return new ProducerRecord<>(topic, payload);
            }, (i, metadata, error, latencyMs) -> {
                if (error == null) {
                    windows.record(latencyMs, size, System.currentTimeMillis());
                }
            }, (sent, acked, nanos) -> progress.update(String.format("%s %d / %d records sent, %.1f records/sec (%.2f MB/sec)",
                Progress.bar(sent, records), sent, records, sent / (nanos / 1e9), sent * (double) size / 1024 / 1024 / (nanos / 1e9))),
                ctx::interrupted);
            if (args.has("--print-metrics")) {
                metrics = MetricsTable.of("producer metrics", producer.metrics());
            }
        } catch (KafkaException e) {
            chart.finish("failed");
            throw new MagicException("kafka-producer-perf-test: " + LabException.oneLine(e), e);
        }
        chart.finish(ctx.interrupted() ? "interrupted" : "done");
        progress.finish(TableDisplay.of(producerTable(report)));
        ctx.out().println(report.summary());
        if (report.failed() > 0) {
            ctx.out().println(report.failed() + " records failed: " + report.firstError());
        }
        if (metrics != null) {
            ctx.display(TableDisplay.of(metrics, Integer.MAX_VALUE));
        }
        ctx.checkInterrupted();
    }

    static Table producerTable(BulkSender.SendReport r) {
        Table t = Table.create("producer perf test",
            LongColumn.create("records sent", new long[] {r.acked()}),
            DoubleColumn.create("records/sec", new double[] {round(r.recordsPerSec(), 1)}),
            DoubleColumn.create("MB/sec", new double[] {round(r.mbPerSec(), 2)}),
            DoubleColumn.create("avg latency (ms)", new double[] {round(r.avgLatencyMs(), 2)}),
            DoubleColumn.create("max latency (ms)", new double[] {r.maxLatencyMs()}),
            LongColumn.create("50th (ms)", new long[] {r.p50()}),
            LongColumn.create("95th (ms)", new long[] {r.p95()}),
            LongColumn.create("99th (ms)", new long[] {r.p99()}),
            LongColumn.create("99.9th (ms)", new long[] {r.p999()}));
        return t;
    }

    private static byte[] payload(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('A' + ThreadLocalRandom.current().nextInt(26));
        }
        return payload;
    }

    /** At most {@code perSecond} records per second (sleeps when ahead); no limit when negative. */
    private static final class Throttle {
        private final long perSecond;
        private final long start = System.nanoTime();

        Throttle(long perSecond) {
            this.perSecond = perSecond;
        }

        void await(int sent) {
            if (perSecond <= 0 || sent == 0) {
                return;
            }
            long due = start + sent * 1_000_000_000L / perSecond;
            long ahead = due - System.nanoTime();
            if (ahead > 2_000_000L) {
                try {
                    Thread.sleep(ahead / 1_000_000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    // ---------------------------------------------------------------- consumer

    void consumer(List<String> argv, MagicContext ctx) {
        ParsedArgs args = CONSUMER_SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-consumer-perf-test", args);
        String topic = args.require("--topic");
        long messages = args.longValue("--messages").orElseThrow(() ->
            new MagicException("kafka-consumer-perf-test: missing --messages N."));
        if (messages <= 0) {
            throw new MagicException("kafka-consumer-perf-test: --messages must be at least 1, not " + messages + ".");
        }
        long timeout = args.longValue("--timeout").orElse(10_000L);
        String group = args.value("--group").orElse("perf-consumer-" + ThreadLocalRandom.current().nextInt(100_000));
        long interval = args.longValue("--reporting-interval").orElse(5000L);
        if (interval <= 0) {
            throw new MagicException("kafka-consumer-perf-test: --reporting-interval must be at least 1, not " + interval + ".");
        }
        if (args.has("--reporting-interval") && !args.has("--show-detailed-stats")) {
            throw new MagicException("kafka-consumer-perf-test: --reporting-interval goes with --show-detailed-stats.");
        }
        Map<String, String> settings = ClientConfigFile.read("kafka-consumer-perf-test", "--consumer.config", args.value("--consumer.config"));
        KafkaCluster cluster = ClusterOptions.cluster(session, args, settings, ctx.out());
        ClusterOptions.requireTopic(cluster, topic);
        Properties props = KafkaSession.consumerProps(cluster, group, !args.has("--from-latest"));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        props.putAll(settings);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        args.value("--fetch-size").ifPresent(v -> props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, v));
        Progress progress = new Progress(ctx);
        progress.show("Reading " + messages + " records from " + topic + " ...");
        ReadFigures figures;
        boolean interrupted = false;
        Table metrics = null;
        ThroughputChart chart = new ThroughputChart(ctx, "kafka-consumer-perf-test: nMsg.sec per " + interval + " ms interval");
        DetailedStats detailed = args.has("--show-detailed-stats") ? new DetailedStats(interval, chart) : null;
        try (KafkaConsumer<byte[], byte[]> consumer = new SessionConsumer<>(props, session.consumers());
             AutoCloseable onInterrupt = ctx.onInterrupt(consumer::wakeup)) {
            figures = ReadFigures.measure(consumer, topic, messages, timeout, ctx::interrupted, (read, nanos) ->
                progress.update(String.format("%s %d / %d records read, %.1f records/sec",
                    Progress.bar(read, messages), read, messages, read / (nanos / 1e9))), detailed);
            if (args.has("--print-metrics")) {
                metrics = MetricsTable.of("consumer metrics", consumer.metrics());
            }
        } catch (WakeupException | InterruptException e) {
            interrupted = true;
            figures = null;
        } catch (KafkaLabException e) { // %kafka stop (from another thread) or the kernel's shutdown ended it: its one line
            throw e;
        } catch (KafkaException e) {
            throw new MagicException("kafka-consumer-perf-test: " + LabException.oneLine(e), e);
        } catch (Exception e) {
            throw new MagicException("kafka-consumer-perf-test: " + LabException.oneLine(e), e);
        }
        if (interrupted || ctx.interrupted()) {
            chart.finish("interrupted");
            throw new MagicException("Interrupted.");
        }
        chart.finish("done");
        if (figures.records() < messages) {
            ctx.out().println("WARNING: Exiting before consuming the expected number of messages: timeout (" + timeout
                + " ms) exceeded. You can use the --timeout option to increase the timeout.");
        }
        if (detailed != null) {
            // as ConsumerPerformance with --show-detailed-stats: the periodic lines, no final summary
            progress.finish(new io.brokerbook.magics.display.DisplayData().put(io.brokerbook.magics.display.DisplayData.TEXT,
                DetailedStats.HEADER + "\n" + String.join("\n", detailed.lines())));
        } else {
            progress.finish(TableDisplay.of(figures.table()));
            ctx.out().println(CONSUMER_HEADER);
            ctx.out().println(figures.csvLine());
        }
        if (metrics != null) {
            ctx.display(TableDisplay.of(metrics, Integer.MAX_VALUE));
        }
    }

    /**
     * ConsumerPerformance's {@code --show-detailed-stats} lines: every reporting interval the time, thread id 0, the
     * totals so far and the rates over the interval.
     */
    static final class DetailedStats {
        static final String HEADER = "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,"
            + " rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
        private final long intervalMs;
        private final ThroughputChart chart;
        private final List<String> lines = new ArrayList<>();
        private long startMs;
        private long lastMs;
        private long lastRecords;
        private long lastBytes;
        private long joinMs;

        /** @param chart where each line's nMsg.sec is drawn as it is made */
        DetailedStats(long intervalMs, ThroughputChart chart) {
            this.intervalMs = intervalMs;
            this.chart = chart;
        }

        void start(long nowMs) {
            startMs = nowMs;
            lastMs = nowMs;
        }

        void joined(long rebalanceMs) {
            joinMs = rebalanceMs;
        }

        void update(long nowMs, long records, long bytes) {
            if (nowMs - lastMs < intervalMs) {
                return;
            }
            long elapsed = nowMs - lastMs;
            double mb = bytes / 1024.0 / 1024.0;
            double intervalMb = (bytes - lastBytes) / 1024.0 / 1024.0;
            long intervalRecords = records - lastRecords;
            long fetchMs = Math.max(1, elapsed - joinMs);
            lines.add(String.format("%s, %d, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f",
                new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS").format(new Date(nowMs)), 0, mb, 1000.0 * intervalMb / elapsed,
                records, 1000.0 * intervalRecords / elapsed, joinMs, fetchMs, 1000.0 * intervalMb / fetchMs,
                1000.0 * intervalRecords / fetchMs));
            chart.interval((lastMs - startMs) / 1000.0, (nowMs - startMs) / 1000.0, 1000.0 * intervalRecords / elapsed);
            lastMs = nowMs;
            lastRecords = records;
            lastBytes = bytes;
            joinMs = 0;
        }

        List<String> lines() {
            return lines;
        }
    }

    private static int positive(ParsedArgs args, String option, String magic) {
        int v = args.intValue(option).orElseThrow(() -> new MagicException(magic + ": missing " + option + " N."));
        if (v <= 0) {
            throw new MagicException(magic + ": " + option + " must be at least 1, not " + v + ".");
        }
        return v;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** What ConsumerPerformance prints, measured on the console consumer's read loop. */
    record ReadFigures(long startMs, long endMs, long records, long bytes, long rebalanceMs, long fetchMs) {
        static ReadFigures measure(KafkaConsumer<byte[], byte[]> consumer, String topic, long messages, long timeoutMs,
                                   java.util.function.BooleanSupplier stop, ConsoleReader.Progress progress,
                                   DetailedStats detailed) {
            long startMs = System.currentTimeMillis();
            long t0 = System.nanoTime();
            ConsoleReader reader = new ConsoleReader(consumer, false);
            consumer.subscribe(List.of(topic), reader.listener());
            if (detailed != null) {
                detailed.start(startMs);
            }
            boolean[] joinReported = new boolean[1];
            long read = reader.read(messages, timeoutMs, new RecordRows(0, 0), null, stop, (n, nanos) -> {
                progress.update(n, nanos);
                if (detailed != null) {
                    if (!joinReported[0] && reader.firstAssignmentNanos() != 0) {
                        joinReported[0] = true;
                        detailed.joined((reader.firstAssignmentNanos() - t0) / 1_000_000L);
                    }
                    detailed.update(System.currentTimeMillis(), n, reader.bytesRead());
                }
            });
            long end = System.nanoTime();
            long joined = reader.firstAssignmentNanos() == 0 ? t0 : reader.firstAssignmentNanos();
            return new ReadFigures(startMs, startMs + (end - t0) / 1_000_000L, read, reader.bytesRead(),
                (joined - t0) / 1_000_000L, (end - joined) / 1_000_000L);
        }

        double mb() {
            return bytes / 1024.0 / 1024.0;
        }

        double seconds() {
            return Math.max(1, endMs - startMs) / 1000.0;
        }

        double fetchSeconds() {
            return Math.max(1, fetchMs) / 1000.0;
        }

        double recordsPerSec() {
            return records / seconds();
        }

        String csvLine() {
            SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS");
            return String.format("%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f", f.format(new Date(startMs)),
                f.format(new Date(endMs)), mb(), mb() / seconds(), records, records / seconds(), rebalanceMs, fetchMs,
                mb() / fetchSeconds(), records / fetchSeconds());
        }

        Table table() {
            SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS");
            return Table.create("consumer perf test",
                StringColumn.create("start.time", new String[] {f.format(new Date(startMs))}),
                StringColumn.create("end.time", new String[] {f.format(new Date(endMs))}),
                DoubleColumn.create("data.consumed.in.MB", new double[] {round(mb(), 4)}),
                DoubleColumn.create("MB.sec", new double[] {round(mb() / seconds(), 4)}),
                LongColumn.create("data.consumed.in.nMsg", new long[] {records}),
                DoubleColumn.create("nMsg.sec", new double[] {round(records / seconds(), 4)}),
                LongColumn.create("rebalance.time.ms", new long[] {rebalanceMs}),
                LongColumn.create("fetch.time.ms", new long[] {fetchMs}),
                DoubleColumn.create("fetch.MB.sec", new double[] {round(mb() / fetchSeconds(), 4)}),
                DoubleColumn.create("fetch.nMsg.sec", new double[] {round(records / fetchSeconds(), 4)}));
        }
    }
}
