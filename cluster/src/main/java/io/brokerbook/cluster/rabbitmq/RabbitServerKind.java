package io.brokerbook.cluster.rabbitmq;

import java.util.Locale;

/** Which server {@link RabbitLab#start} runs: the real rabbitmq-server, Qpid Broker-J in a child JVM, or the first available. */
public enum RabbitServerKind {
    /** rabbitmq-server if it is on the search path, else Qpid Broker-J. */
    AUTO,
    RABBITMQ,
    QPID;

    /** {@code rabbitmq}, {@code qpid} or {@code auto}; anything else is one line saying what to write. */
    public static RabbitServerKind parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "rabbitmq", "rabbitmq-server" -> RABBITMQ;
            case "qpid" -> QPID;
            default -> throw new RabbitLabException("--server " + text + ": use rabbitmq (the real rabbitmq-server), "
                + "qpid (Qpid Broker-J in a child JVM) or auto.");
        };
    }
}
