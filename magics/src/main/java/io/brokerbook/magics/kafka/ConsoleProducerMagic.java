package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.TableDisplay;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code %kafka-console-producer --topic T message…} (the rest of the line is one record) and
 * {@code %%kafka-console-producer --topic T} (one record per line), with {@code --property parse.key=true
 * --property key.separator=:} as the CLI. Prints {@code Key, Value, Partition, Offset} of what was written.
 */
final class ConsoleProducerMagic {
    static final ArgSpec SPEC = ClusterOptions.common(ArgSpec.named("kafka-console-producer",
            "Send records: the rest of the line (%kafka-console-producer) or one per line (%%kafka-console-producer)."))
        .deprecated("--broker-list", "HOST:PORT", ClusterOptions.BROKER_LIST_NOTE)
        .option("--topic", "TOPIC", "The topic to send to.")
        .repeatable("--property", "K=V", "How lines become records, as Kafka's line reader: parse.key=true key.separator=:"
            + " ('key:value' lines), parse.headers, headers.delimiter, headers.separator, headers.key.separator,"
            + " ignore.error, null.marker.")
        .repeatable("--producer-property", "K=V", "A producer setting, e.g. acks=1 or linger.ms=0.")
        .option("--producer.config", "FILE", "Producer settings as a properties file (security.protocol, sasl.* ...).")
        .positional("MESSAGE…", "line form: the record to send (the rest of the line).");

    private final KafkaSession session;

    ConsoleProducerMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, this::cell);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        if (args.positionals().isEmpty()) {
            throw new MagicException("kafka-console-producer: write the message after the options (e.g. ... --topic "
                + args.value("--topic", "my-topic") + " hola), or use %%kafka-console-producer with one message per line below.");
        }
        produce(args, List.of(String.join(" ", args.positionals())), ctx);
    }

    void cell(List<String> argv, String body, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-console-producer", args);
        List<String> lines = body.lines().filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new MagicException("%%kafka-console-producer: write one message per line below the first line.");
        }
        produce(args, lines, ctx);
    }

    private void produce(ParsedArgs args, List<String> lines, MagicContext ctx) {
        String topic = args.require("--topic");
        LineParser parser = new LineParser("kafka-console-producer", args.keyValues("--property"));
        List<ProducerRecord<String, String>> records = parser.parseAll(topic, lines);
        Map<String, String> settings = new LinkedHashMap<>(
            ClientConfigFile.read("kafka-console-producer", "--producer.config", args.value("--producer.config")));
        settings.putAll(args.keyValues("--producer-property"));
        KafkaCluster cluster = ClusterOptions.cluster(session, args, settings, ctx.out());
        ClusterOptions.requireTopic(cluster, topic);
        RecordMetadata[] written = new RecordMetadata[records.size()];
        Progress progress = new Progress(ctx);
        BulkSender.SendReport report;
        if (settings.isEmpty()) {
            report = send(session.producer(), records, written, progress, ctx);
        } else {
            // as ConsoleProducer: the file, then --producer-property; the tool's serializers last
            Properties props = KafkaSession.producerProps(cluster);
            props.putAll(settings);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> own = new KafkaProducer<>(props)) {
                report = send(own, records, written, progress, ctx);
                own.close(Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new MagicException("kafka-console-producer: " + LabException.oneLine(e), e);
            }
        }
        progress.finish(TableDisplay.of(table(topic, records, written, parser.parsesHeaders())));
        ctx.out().println("Sent " + report.acked() + " record" + (report.acked() == 1 ? "" : "s") + " to " + topic + ".");
        if (report.failed() > 0) {
            throw new MagicException("kafka-console-producer: " + report.failed() + " of " + records.size()
                + " records were not written: " + report.firstError());
        }
        ctx.checkInterrupted();
    }

    private static BulkSender.SendReport send(Producer<String, String> producer, List<ProducerRecord<String, String>> records,
                                              RecordMetadata[] written, Progress progress, MagicContext ctx) {
        int total = records.size();
        return BulkSender.send(producer, total, records::get,
            (i, metadata, error, latencyMs) -> written[i] = error == null ? metadata : null,
            (sent, acked, nanos) -> progress.update(String.format("%s %d / %d records sent, %.0f records/sec",
                Progress.bar(sent, total), sent, total, sent / (nanos / 1e9))),
            ctx::interrupted);
    }

    private static Table table(String topic, List<ProducerRecord<String, String>> records, RecordMetadata[] written,
                               boolean withHeaders) {
        StringColumn headers = StringColumn.create("Headers");
        StringColumn key = StringColumn.create("Key");
        StringColumn value = StringColumn.create("Value");
        IntColumn partition = IntColumn.create("Partition");
        LongColumn offset = LongColumn.create("Offset");
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata m = written[i];
            ProducerRecord<String, String> r = records.get(i);
            headers.append(java.util.Arrays.stream(r.headers().toArray())
                .map(h -> h.key() + ":" + (h.value() == null ? "null" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)))
                .collect(java.util.stream.Collectors.joining(",")));
            key.append(r.key() == null ? "null" : r.key());
            value.append(r.value() == null ? "null" : r.value());
            if (m == null) {
                partition.appendMissing();
                offset.appendMissing();
            } else {
                partition.append(m.partition());
                offset.append(m.offset());
            }
        }
        return withHeaders ? Table.create("written to " + topic, headers, key, value, partition, offset)
            : Table.create("written to " + topic, key, value, partition, offset);
    }
}
