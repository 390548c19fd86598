package io.brokerbook.magics.nats;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.nats.NatsLab;
import io.nats.client.Connection;

/** The {@code nats} variable of Java cells: the lab's NATS server, started or connected with {@code %nats}. */
public final class NatsApi {
    private final LabSlot<NatsLab> slot;

    NatsApi(LabSlot<NatsLab> slot) {
        this.slot = slot;
    }

    /** The running component: publish, subscribe, streams, consumers, typed results. */
    public NatsLab lab() {
        return slot.require();
    }

    /** The lab's jnats connection, e.g. {@code nats.connection().publish("orders.new", bytes)}. */
    public Connection connection() {
        return slot.require().connection();
    }

    public String url() {
        return slot.require().url();
    }
}
