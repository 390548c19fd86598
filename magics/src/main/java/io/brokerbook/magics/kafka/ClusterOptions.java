package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.ExternalKafka;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.kafka.ZkKafkaCluster;
import io.brokerbook.cluster.zookeeper.ZooKeeperAddress;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options every CLI-named magic shares ({@code --bootstrap-server}, and the old {@code --zookeeper} /
 * {@code --broker-list}) and how they pick the cluster: the lab when it is the one named (or none is named), an
 * external cluster when nothing runs here yet.
 */
final class ClusterOptions {
    static final String ZOOKEEPER_NOTE = "Note: --zookeeper is gone since Kafka 3 (KRaft has no ZooKeeper);"
        + " write --bootstrap-server localhost:9092 instead. Using the lab's cluster"
        + " (--zookeeper names a cluster started with %kafka start --zookeeper).";
    static final String BROKER_LIST_NOTE = "Note: --broker-list is the old name; write --bootstrap-server HOST:PORT instead.";

    private ClusterOptions() {
    }

    /** Adds {@code --bootstrap-server} and {@code --zookeeper} (deprecated) to a spec. */
    static ArgSpec common(ArgSpec spec) {
        return spec
            .option("--bootstrap-server", "HOST:PORT", "The brokers to talk to (checked against the lab; optional).")
            .option("--zookeeper", "HOST:PORT", "The ZooKeeper of a ZooKeeper-mode cluster (%kafka start --zookeeper):"
                + " names that cluster. Kafka 3+ tools take --bootstrap-server instead.");
    }

    /** Adds {@code --command-config FILE} (the admin client's settings) to an inspection magic's spec. */
    static ArgSpec admin(ArgSpec spec) {
        return common(spec).option("--command-config", "FILE",
            "Admin client settings (security.protocol, sasl.*, ssl.* ...) as a properties file, as Kafka's tools take it.");
    }

    /** The cluster this magic call works on; prints the notes of old flags and of a mismatching address. */
    static KafkaCluster cluster(KafkaSession session, ParsedArgs args, PrintStream out) {
        return cluster(session, args, Map.of(), out);
    }

    /**
     * As {@link #cluster(KafkaSession, ParsedArgs, PrintStream)}; {@code clientSettings} (from a client config file)
     * are kept by a connection this call makes when no cluster is in use yet.
     */
    static KafkaCluster cluster(KafkaSession session, ParsedArgs args, Map<String, String> clientSettings, PrintStream out) {
        args.notes().forEach(out::println);
        Optional<String> zookeeper = args.value("--zookeeper");
        if (zookeeper.isPresent() && args.value("--bootstrap-server").isEmpty()) {
            return byZooKeeper(session, zookeeper.get(), out);
        }
        return cluster(session, args.value("--bootstrap-server").or(() -> args.value("--broker-list")), clientSettings, out);
    }

    /**
     * The cluster {@code --zookeeper} names: the notebook's ZooKeeper-mode cluster registered there. On a KRaft lab
     * (no ZooKeeper) the old note, and the lab.
     */
    static KafkaCluster byZooKeeper(KafkaSession session, String given, PrintStream out) {
        ZooKeeperAddress address = ZooKeeperAddress.parse(given);
        Optional<KafkaCluster> current = session.current();
        if (current.isEmpty()) {
            throw new KafkaLabException("No Kafka cluster of this notebook is registered in ZooKeeper at " + address
                + ": start one with %kafka start --zookeeper " + address + ".");
        }
        if (!(current.get() instanceof ZkKafkaCluster zk)) {
            out.println(ZOOKEEPER_NOTE);
            return current.get();
        }
        if (!sameZooKeeper(zk.zookeeper(), address)) {
            out.println("Note: this notebook's cluster is registered in ZooKeeper at " + zk.zookeeper() + ", not " + address
                + "; using it.");
        }
        return zk;
    }

    static boolean sameZooKeeper(ZooKeeperAddress a, ZooKeeperAddress b) {
        return a.port() == b.port() && normalized(a.host() + ":" + a.port()).equals(normalized(b.host() + ":" + b.port()));
    }

    /** The cluster an inspection magic works on, with the admin settings of its {@code --command-config} applied. */
    record AdminUse(KafkaCluster cluster, boolean oneOff) implements AutoCloseable {
        @Override
        public void close() {
            if (oneOff) {
                cluster.stop();
            }
        }
    }

    /**
     * Without {@code --command-config}: the session's cluster. With it and no cluster in use: a connection with the
     * file's settings (kept, as {@code %kafka connect --command-config}). With it and a cluster in use whose client
     * settings differ: a connection for this call only, with the file's settings, closed afterwards.
     */
    static AdminUse forAdmin(KafkaSession session, ParsedArgs args, PrintStream out) {
        String magic = args.magic();
        Map<String, String> file = ClientConfigFile.read(magic, "--command-config", args.value("--command-config"));
        if (file.isEmpty()) {
            return new AdminUse(cluster(session, args, out), false);
        }
        Optional<String> given = args.value("--bootstrap-server").or(() -> Optional.ofNullable(file.get("bootstrap.servers")));
        args.notes().forEach(out::println);
        KafkaCluster cluster = cluster(session, given, file, out);
        Map<String, String> wanted = new java.util.LinkedHashMap<>(file);
        wanted.remove("bootstrap.servers");
        if (wanted.equals(cluster.clientProperties())) {
            return new AdminUse(cluster, false);
        }
        return new AdminUse(ExternalKafka.connect(cluster.bootstrapServers(), wanted), true);
    }

    /** The cluster, checked against {@code given} bootstrap servers (or an external cluster there if no lab runs). */
    static KafkaCluster cluster(KafkaSession session, Optional<String> given, PrintStream out) {
        return cluster(session, given, Map.of(), out);
    }

    static KafkaCluster cluster(KafkaSession session, Optional<String> given, Map<String, String> clientSettings, PrintStream out) {
        if (given.isEmpty()) {
            return session.cluster();
        }
        String bootstrap = given.get().trim();
        Optional<KafkaCluster> current = session.current();
        if (current.isPresent()) {
            KafkaCluster cluster = current.get();
            if (!sameCluster(cluster.bootstrapServers(), bootstrap)) {
                out.println("Note: " + bootstrap + " is not this notebook's cluster (" + cluster.bootstrapServers()
                    + "); using the notebook's cluster. For another cluster: %kafka stop, then %kafka connect --bootstrap-server " + bootstrap + ".");
            }
            return cluster;
        }
        if (!anyAnswers(bootstrap)) {
            throw new MagicException("No Kafka cluster is running at " + bootstrap
                + ": start the lab with %kafka start (it listens on localhost:9092 when that port is free).");
        }
        KafkaCluster cluster = session.connect(bootstrap, ClientConfigFile.connectionSettings(clientSettings));
        out.println("Connected to the external cluster at " + bootstrap + " (%kafka stop disconnects).");
        return cluster;
    }

    /** Whether one of the given brokers is one of the lab's (localhost = 127.0.0.1 = ::1). */
    static boolean sameCluster(String labBootstrap, String given) {
        Set<String> lab = normalized(labBootstrap);
        return normalized(given).stream().anyMatch(lab::contains);
    }

    private static Set<String> normalized(String bootstrap) {
        return Arrays.stream(bootstrap.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            int colon = s.lastIndexOf(':');
            String host = colon < 0 ? s : s.substring(0, colon);
            String port = colon < 0 ? "9092" : s.substring(colon + 1);
            host = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
            if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("0.0.0.0")) {
                host = "loopback";
            }
            return host + ":" + port;
        }).collect(Collectors.toSet());
    }

    /** A quick TCP check, so a cell naming a cluster that is not there fails at once instead of after 15 s. */
    private static boolean anyAnswers(String bootstrap) {
        for (String server : bootstrap.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))), 1000);
                return true;
            } catch (IOException | IllegalArgumentException e) {
                // try the next one
            }
        }
        return false;
    }

    /** The one-line error "no such topic" with what to do, before a magic reads or writes it. */
    static void requireTopic(KafkaCluster cluster, String topic) {
        if (!cluster.inspect().topicNames(true).contains(topic)) {
            throw missing(topic);
        }
    }

    static KafkaLabException missing(String topic) {
        return new KafkaLabException("Topic '" + topic + "' does not exist; list them with %kafka-topics --list"
            + " or create it with %kafka-topics --create --topic " + topic + ".");
    }

    /** Refuses positional words a magic does not take. */
    static void noPositionals(String magic, ParsedArgs args) {
        if (!args.positionals().isEmpty()) {
            throw new MagicException(magic + ": unexpected '" + args.positionals().get(0) + "'. See %" + magic + " --help");
        }
    }

    static int positiveInt(ParsedArgs args, String option, String magic) {
        int v = args.intValue(option).orElseThrow();
        if (v <= 0) {
            throw new MagicException(magic + ": " + option + " must be at least 1, not " + v + ".");
        }
        return v;
    }
}
