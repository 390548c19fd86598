package io.brokerbook.cluster.nats;

import java.util.List;

/**
 * A JetStream stream: its configuration and state, as {@code nats stream info} shows them.
 *
 * @param maxMessages the message limit; -1 for none
 */
public record NatsStream(String name, List<String> subjects, String storage, String retention, long maxMessages,
                         long messages, long bytes, long firstSeq, long lastSeq, long consumers) {
}
