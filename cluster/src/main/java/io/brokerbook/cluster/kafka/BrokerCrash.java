package io.brokerbook.cluster.kafka;

import java.nio.file.Path;
import java.util.List;

/**
 * A broker of the lab that is a child process and exited without being stopped (killed from outside, or Kafka
 * gave up): what {@code %kafka status} shows of it.
 *
 * @param brokerId  the broker's id
 * @param report    one line: where it ran, its pid, how it ended, and its error or last log line
 * @param logFile   its log
 * @param lastLines the last lines it wrote, oldest first
 */
public record BrokerCrash(int brokerId, String report, Path logFile, List<String> lastLines) {
    public BrokerCrash {
        lastLines = List.copyOf(lastLines);
    }
}
