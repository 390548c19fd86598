package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaDumpLog;
import io.brokerbook.cluster.kafka.KafkaLab;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.kafka.MetadataLogEntry;
import io.brokerbook.cluster.kafka.MetadataLogReader;
import io.brokerbook.cluster.kafka.ZkKafkaCluster;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RecordTable;
import io.brokerbook.magics.display.TableDisplay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code %kafka-dump-log --cluster-metadata-decoder --files FILE[,FILE]}: Kafka's kafka-dump-log.sh
 * (DumpLogSegments), run in the kernel with the same flags and printing the same text. A relative file that is not
 * found from the kernel's working dir is looked up in the running lab's data dir, so the KRaft metadata log is
 * {@code controller-1/__cluster_metadata-0/00000000000000000000.log}; the path given to the tool, which it prints, is
 * relative to the working dir when the file is under it, absolute otherwise. Kafka's text is the plain-text output
 * (folded in HTML); with the metadata decoder a table of the records follows (type, broker, topic, partition, leader).
 */
final class DumpLogMagic {
    static final String METADATA_LOG = "controller-1/__cluster_metadata-0/00000000000000000000.log";
    private static final List<String> FLAGS = List.of("--cluster-metadata-decoder", "--print-data-log",
        "--deep-iteration", "--skip-record-metadata", "--verify-index-only", "--index-sanity-check",
        "--offsets-decoder", "--transaction-log-decoder", "--remote-log-metadata-decoder");
    private static final List<String> VALUED = List.of("--max-bytes", "--max-message-size", "--value-decoder-class",
        "--key-decoder-class");

    static final ArgSpec SPEC = ArgSpec.named("kafka-dump-log",
            "Dump log segments as kafka-dump-log.sh prints them; relative files are looked up in the lab's data dir"
                + " (the KRaft metadata log: " + METADATA_LOG + ").")
        .option("--files", "FILE[,FILE]", "REQUIRED: the comma separated data and index log files to dump.")
        .flag("--cluster-metadata-decoder", "Parse the records as cluster metadata records (__cluster_metadata);"
            + " a table of them follows.")
        .flag("--print-data-log", "Print the records' content.")
        .flag("--deep-iteration", "Iterate records, not only batches (set by --print-data-log and the decoders).")
        .flag("--skip-record-metadata", "Do not print each record's offset, timestamp, sizes.")
        .flag("--verify-index-only", "Just verify the index, do not print it.")
        .flag("--index-sanity-check", "Just check the index's sanity, as a broker does at startup.")
        .flag("--offsets-decoder", "Parse the records as __consumer_offsets data.")
        .flag("--transaction-log-decoder", "Parse the records as __transaction_state data.")
        .flag("--remote-log-metadata-decoder", "Parse the records as remote log metadata records.")
        .option("--max-bytes", "SIZE", "Read at most this many bytes of batches.")
        .option("--max-message-size", "SIZE", "Size of the largest message (default 5242880).")
        .option("--value-decoder-class", "CLASS", "An org.apache.kafka.tools.api.Decoder for the values.")
        .option("--key-decoder-class", "CLASS", "An org.apache.kafka.tools.api.Decoder for the keys.");

    private final KafkaSession session;

    DumpLogMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        if (!args.positionals().isEmpty()) {
            throw new MagicException("kafka-dump-log: unexpected " + args.positionals().get(0)
                + ": name the files with --files FILE[,FILE].");
        }
        String files = args.value("--files").orElseThrow(() -> new MagicException(
            "kafka-dump-log: --files is required, e.g. %kafka-dump-log --cluster-metadata-decoder --files " + METADATA_LOG));
        List<Path> paths = Arrays.stream(files.split(",")).map(String::strip).filter(f -> !f.isEmpty())
            .map(this::resolve).toList();
        if (paths.isEmpty()) {
            throw new MagicException("kafka-dump-log: --files names no file.");
        }
        List<String> kafkaArgs = new ArrayList<>();
        FLAGS.stream().filter(args::has).forEach(kafkaArgs::add);
        for (String option : VALUED) {
            args.value(option).ifPresent(value -> {
                kafkaArgs.add(option);
                kafkaArgs.add(value);
            });
        }
        kafkaArgs.add("--files");
        kafkaArgs.add(paths.stream().map(Path::toString).collect(Collectors.joining(",")));
        String printed = KafkaDumpLog.run(kafkaArgs);
        long lines = printed.lines().count();
        ctx.display(DisplayData.html("<details><summary>kafka-dump-log printed " + lines + " lines</summary><pre>"
            + TableDisplay.escape(printed) + "</pre></details>", printed));
        if (args.has("--cluster-metadata-decoder")) {
            for (Path path : paths) {
                String name = path.getFileName().toString();
                if (name.endsWith(".log") || name.endsWith(".checkpoint")) {
                    ctx.display(RecordTable.of(summary(path), MetadataLogEntry.class));
                }
            }
        }
    }

    /** The records of the file; NoOpRecords (the controller's heartbeat into the log) are counted, not listed. */
    private static Rows<MetadataLogEntry> summary(Path file) {
        List<MetadataLogEntry> all = MetadataLogReader.read(file);
        List<MetadataLogEntry> shown = all.stream().filter(e -> !e.record().equals(MetadataLogEntry.NO_OP)).toList();
        int noOps = all.size() - shown.size();
        return Rows.of(file.getParent().getFileName() + "/" + file.getFileName() + ": " + shown.size() + " records"
            + (noOps == 0 ? "" : " (and " + noOps + " NoOpRecords not listed)"), shown);
    }

    /**
     * As given when it exists; else, when relative, inside the running lab's data dir; else a one-line error. A file
     * under the working dir is named relative to it, as one would type it in a shell there.
     */
    private Path resolve(String file) {
        Path given = Path.of(file);
        if (Files.exists(given)) {
            return shortest(given);
        }
        Optional<Path> dataDir = session.current().flatMap(DumpLogMagic::dataDir);
        if (!given.isAbsolute() && dataDir.isPresent()) {
            Path inLab = dataDir.get().resolve(given).normalize();
            if (Files.exists(inLab)) {
                return shortest(inLab);
            }
            String hint = session.current().filter(c -> c instanceof ZkKafkaCluster).isPresent()
                ? " (this cluster runs in ZooKeeper mode: it has no __cluster_metadata log; see %zookeeper tree /brokers)"
                : " (the KRaft metadata log is " + METADATA_LOG + ")";
            throw new KafkaLabException("kafka-dump-log: no file " + file + " here nor in the lab's data dir "
                + dataDir.get() + hint + ".");
        }
        throw new KafkaLabException("kafka-dump-log: no file " + file
            + (given.isAbsolute() ? "." : " (and no Kafka lab whose data dir holds it: %kafka start).")
        );
    }

    private static Path shortest(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path workDir = Path.of("").toAbsolutePath();
        return absolute.startsWith(workDir) ? workDir.relativize(absolute) : absolute;
    }

    private static Optional<Path> dataDir(KafkaCluster cluster) {
        if (cluster instanceof KafkaLab lab) {
            return Optional.of(lab.dataDir());
        }
        if (cluster instanceof ZkKafkaCluster zk) {
            return Optional.of(zk.dataDir());
        }
        return Optional.empty();
    }
}
