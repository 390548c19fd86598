package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.TableDisplay;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code %kafka-console-consumer --topic T [--group G] [--from-beginning] [--max-messages N] [--timeout-ms MS]
 * [--partition P [--offset O]] [--members N] [--property print.key=true ...]}: reads and shows the records as Kafka's
 * console consumer does (the value only, unless {@code --property print.*} asks for more; see {@link RecordFormat}).
 * Never hangs a cell: it stops at {@code --max-messages} or after {@code --timeout-ms} of silence (default 5000),
 * and an interrupt stops it at once. With a group it commits what it read.
 */
final class ConsoleConsumerMagic {
    static final long DEFAULT_TIMEOUT_MS = 5000;
    static final int SHOWN_HEAD = 30;
    static final int SHOWN_TAIL = 30;

    static final ArgSpec SPEC = ClusterOptions.common(ArgSpec.named("kafka-console-consumer",
            "Read records from a topic (stops at --max-messages or after --timeout-ms without records; interruptible)."))
        .option("--topic", "TOPIC", "The topic to read.")
        .option("--group", "GROUP", "Consumer group: committed offsets are used and updated.")
        .flag("--from-beginning", "Start at the earliest record when there is no committed offset.")
        .option("--max-messages", "N", "Stop after N records.")
        .option("--timeout-ms", "MS", "Stop after MS milliseconds without a record (default 5000).")
        .option("--partition", "P", "Read only partition P (no group assignment).")
        .option("--offset", "earliest|latest|N", "With --partition: where to start (default latest).")
        .option("--members", "N", "With --group: run N consumers of the group and show what each one got.")
        .repeatable("--property", "K=V", "What to show, as Kafka's formatter: print.key, print.timestamp, print.partition,"
            + " print.offset, print.headers, print.value=false, key.separator, null.literal ... (default: the value only).")
        .repeatable("--consumer-property", "K=V", "A consumer setting, e.g. max.poll.records=100.")
        .option("--consumer.config", "FILE", "Consumer settings as a properties file (security.protocol, sasl.* ...).");

    private final KafkaSession session;

    ConsoleConsumerMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) throws Exception {
        ParsedArgs args = SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-console-consumer", args);
        String topic = args.require("--topic");
        long max = args.longValue("--max-messages").orElse(Long.MAX_VALUE);
        long timeoutMs = args.longValue("--timeout-ms").orElse(DEFAULT_TIMEOUT_MS);
        if (max <= 0) {
            throw new MagicException("kafka-console-consumer: --max-messages must be at least 1, not " + max + ".");
        }
        if (timeoutMs <= 0) {
            throw new MagicException("kafka-console-consumer: --timeout-ms must be at least 1, not " + timeoutMs + ".");
        }
        if (args.has("--offset") && !args.has("--partition")) {
            throw new MagicException("kafka-console-consumer: --offset needs --partition P (as in the CLI).");
        }
        if (args.has("--members") && !args.has("--group")) {
            throw new MagicException("kafka-console-consumer: --members N needs --group G (the members share that group).");
        }
        if (args.has("--members") && args.has("--partition")) {
            throw new MagicException("kafka-console-consumer: --members and --partition do not go together.");
        }
        RecordFormat format = RecordFormat.of("kafka-console-consumer", args.keyValues("--property"));
        Map<String, String> settings = new LinkedHashMap<>(
            ClientConfigFile.read("kafka-console-consumer", "--consumer.config", args.value("--consumer.config")));
        settings.putAll(args.keyValues("--consumer-property"));
        KafkaCluster cluster = ClusterOptions.cluster(session, args, settings, ctx.out());
        ClusterOptions.requireTopic(cluster, topic);
        int partitions = cluster.inspect().partitionCount(topic);
        if (args.has("--members")) {
            int members = ClusterOptions.positiveInt(args, "--members", "kafka-console-consumer");
            members(cluster, settings, format, args, topic, partitions, members, max, timeoutMs, ctx);
            return;
        }
        single(cluster, settings, format, args, topic, partitions, max, timeoutMs, ctx);
    }

    private void single(KafkaCluster cluster, Map<String, String> settings, RecordFormat format, ParsedArgs args, String topic,
                        int partitions, long max, long timeoutMs, MagicContext ctx) throws Exception {
        String group = args.value("--group").orElse(null);
        Properties props = KafkaSession.consumerProps(cluster, group, args.has("--from-beginning"));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-consumer");
        // as ConsoleConsumer: the file, then --consumer-property; the tool's own deserializers last
        props.putAll(settings);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        RecordRows rows = new RecordRows(SHOWN_HEAD, SHOWN_TAIL);
        Progress progress = new Progress(ctx);
        progress.show("Reading " + topic + " ... (stops after " + timeoutMs + " ms without records; interrupt to stop now)");
        boolean interrupted = false;
        KafkaLabException ended = null;
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new SessionConsumer<>(props, session.consumers());
        } catch (KafkaException e) {
            throw new MagicException("kafka-console-consumer: " + LabException.oneLine(e.getCause() == null ? e : e.getCause()), e);
        }
        ConsoleReader reader = new ConsoleReader(consumer, group != null);
        try (AutoCloseable onInterrupt = ctx.onInterrupt(consumer::wakeup)) {
            position(consumer, reader, args, topic, partitions, group);
            reader.read(max, timeoutMs, rows, null, ctx::interrupted, (read, nanos) ->
                progress.update(String.format("Read %d records from %s (%.0f records/sec) ...", read, topic, read / (nanos / 1e9))));
        } catch (WakeupException | InterruptException e) {
            interrupted = true;
        } catch (KafkaLabException e) { // %kafka stop (from another thread) or the kernel's shutdown ended it
            ended = e;
        } finally {
            boolean flag = Thread.interrupted(); // lets close() leave the group cleanly
            consumer.close(Duration.ofSeconds(5));
            if (flag) {
                Thread.currentThread().interrupt();
            }
        }
        show(rows, format, topic, false, progress, ctx);
        if (!reader.joined() && !interrupted && !ctx.interrupted()) {
            ctx.out().println("Note: group " + group + " assigned no partitions to this consumer within "
                + ConsoleReader.JOIN_TIMEOUT_MS / 1000 + " s (is the group still rebalancing?).");
        }
        ctx.out().printf("Processed a total of %d messages%s%n", rows.total(),
            interrupted || ctx.interrupted() ? " (interrupted)" : "");
        if (ended != null) {
            throw ended;
        }
        if (interrupted || ctx.interrupted()) {
            throw new MagicException("Interrupted.");
        }
    }

    /** Subscribes with a group; otherwise assigns the partitions and seeks as the CLI does. */
    private static void position(KafkaConsumer<byte[], byte[]> consumer, ConsoleReader reader, ParsedArgs args,
                                 String topic, int partitions, String group) {
        if (!args.has("--partition")) {
            if (group != null) {
                consumer.subscribe(List.of(topic), reader.listener());
                return;
            }
            List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            if (args.has("--from-beginning")) {
                consumer.seekToBeginning(all);
            } else {
                consumer.seekToEnd(all);
            }
            return;
        }
        int p = args.intValue("--partition").orElseThrow();
        if (p < 0 || p >= partitions) {
            throw new MagicException("kafka-console-consumer: topic " + topic + " has partitions 0.." + (partitions - 1)
                + ", not " + p + ".");
        }
        TopicPartition tp = new TopicPartition(topic, p);
        consumer.assign(List.of(tp));
        String offset = args.value("--offset").orElse(args.has("--from-beginning") ? "earliest" : "latest");
        switch (offset) {
            case "earliest" -> consumer.seekToBeginning(List.of(tp));
            case "latest" -> consumer.seekToEnd(List.of(tp));
            default -> {
                long o;
                try {
                    o = Long.parseLong(offset);
                } catch (NumberFormatException e) {
                    throw new MagicException("kafka-console-consumer: --offset is earliest, latest or a number, not '" + offset + "'.");
                }
                if (o < 0) {
                    throw new MagicException("kafka-console-consumer: --offset must be 0 or more, not " + o + ".");
                }
                consumer.seek(tp, o);
            }
        }
    }

    private void members(KafkaCluster cluster, Map<String, String> settings, RecordFormat format, ParsedArgs args, String topic,
                         int partitions, int members, long max, long timeoutMs, MagicContext ctx) throws Exception {
        String group = args.require("--group");
        GroupMembersRun run = new GroupMembersRun(cluster, session.consumers(), settings, topic, group, members, partitions,
            args.has("--from-beginning"));
        RecordRows rows = new RecordRows(200, 0);
        Progress progress = new Progress(ctx);
        progress.show(members + " members of group " + group + " joining and reading " + topic + " ...");
        List<GroupMembersRun.Member> result;
        try (AutoCloseable onInterrupt = ctx.onInterrupt(run::stop)) {
            result = run.run(max, timeoutMs, rows);
        } catch (KafkaLabException e) { // %kafka stop (from another thread) or the kernel's shutdown ended the members
            ctx.out().printf("Processed a total of %d messages%n", rows.total());
            throw e;
        } catch (IllegalStateException e) {
            throw new MagicException("kafka-console-consumer: " + e.getMessage(), e);
        }
        if (ctx.interrupted()) {
            throw new MagicException("Interrupted.");
        }
        if (!run.settled()) {
            throw new MagicException("kafka-console-consumer: the " + members + " members of group " + group
                + " did not settle on an assignment in time; try again (is another consumer of the group running?).");
        }
        StringColumn member = StringColumn.create("MEMBER");
        StringColumn consumerId = StringColumn.create("CONSUMER-ID");
        StringColumn clientId = StringColumn.create("CLIENT-ID");
        StringColumn assigned = StringColumn.create("PARTITIONS");
        IntColumn count = IntColumn.create("#PARTITIONS");
        LongColumn read = LongColumn.create("#RECORDS");
        for (GroupMembersRun.Member m : result) {
            member.append(m.label());
            consumerId.append(m.consumerId());
            clientId.append(m.clientId());
            assigned.append(m.partitions().stream().map(tp -> Integer.toString(tp.partition())).collect(Collectors.joining(",")));
            count.append(m.partitions().size());
            read.append(m.records());
        }
        Table summary = Table.create("group " + group + ": " + members + " members on " + topic + " (" + partitions + " partitions)",
            member, consumerId, clientId, assigned, count, read);
        progress.finish(TableDisplay.of(summary));
        show(rows, format, topic, true, null, ctx);
        ctx.out().printf("Processed a total of %d messages%n", rows.total());
    }

    private static void show(RecordRows rows, RecordFormat format, String topic, boolean withMember, Progress progress,
                             MagicContext ctx) {
        Table table = rows.table("records read from " + topic, withMember, format);
        DisplayData display = TableDisplay.of(table, Integer.MAX_VALUE);
        if (format.textLines()) {
            // key.separator / line.separator only mean something in text: the plain output is Kafka's own lines
            display = new DisplayData().put(DisplayData.TEXT, rows.lines(format)).put(DisplayData.HTML, display.data().get(DisplayData.HTML));
        }
        if (rows.truncated()) {
            ctx.out().println("Showing " + table.rowCount() + " of " + rows.total() + " records (the first and the last ones).");
        }
        if (progress != null) {
            progress.finish(display);
        } else {
            ctx.display(display);
        }
    }
}
