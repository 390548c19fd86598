package io.brokerbook.cluster.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** Real clients and OS facts for the lab tests. */
final class LabTestSupport {
    private LabTestSupport() {
    }

    static KafkaProducer<String, String> producer(String bootstrap, String acks) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "all".equals(acks));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /** Polls (committing after each batch) until {@code expected} records arrived or the deadline passes. */
    static List<ConsumerRecord<String, String>> consume(KafkaConsumer<String, String> consumer, String topic,
                                                        int expected, Duration deadline) {
        consumer.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        while (records.size() < expected && System.nanoTime() < end) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            consumer.commitSync();
        }
        return records;
    }

    static void waitUntil(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("Timed out after " + deadline.toSeconds() + " s waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    /** host:port of every TCP socket in LISTEN state that this JVM owns (from /proc/self/fd and /proc/net/tcp*). */
    static List<String> listeningSocketsOfThisJvm() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            });
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if ("0A".equals(f[3]) && inodes.contains(f[9])) {
                    listening.add(decode(f[1]));
                }
            }
        }
        return listening;
    }

    private static String decode(String hexAddressPort) {
        String[] parts = hexAddressPort.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String hex = parts[0];
        if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000")) {
            hex = hex.substring(24); // IPv4-mapped IPv6 (::ffff:a.b.c.d): Java's default socket family
        }
        if (hex.length() == 8) {
            long a = Long.parseLong(hex, 16);
            return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff) + ":" + port;
        }
        return "[" + hex + "]:" + port;
    }
}
