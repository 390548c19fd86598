package io.brokerbook.cluster.compare;

/**
 * (a) One producer sends {@code published} messages of {@code payloadBytes} bytes as fast as its client goes, one
 * consumer receives {@code received} of them; {@code seconds} from the first send to the last arrival.
 */
public record Throughput(String system, int published, int payloadBytes, int received, double seconds,
                         double messagesPerSecond, double megabytesPerSecond) {
    static Throughput of(String system, int published, int payloadBytes, int received, long nanos) {
        double seconds = nanos / 1e9;
        double rate = seconds > 0 ? received / seconds : 0;
        return new Throughput(system, published, payloadBytes, received, seconds, rate, rate * payloadBytes / 1e6);
    }

    public boolean receivedEverything() {
        return received == published;
    }
}
