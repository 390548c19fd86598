package io.brokerbook.cluster.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the server properties of each node of a lab: defaults suited to the class, loopback only. */
final class NodeConfigs {
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SECURED_LISTENER = "SASL_PLAINTEXT";

    private final KafkaLabSpec spec;
    private final String quorumVoters;

    NodeConfigs(KafkaLabSpec spec, Map<Integer, Integer> controllerPorts) {
        this.spec = spec;
        this.quorumVoters = controllerPorts.entrySet().stream()
                .map(e -> e.getKey() + "@" + PortFinder.LOOPBACK + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    Map<String, Object> controller(int nodeId, int port, Path dir) {
        Map<String, Object> props = common(nodeId, dir);
        props.put("process.roles", NodeRole.CONTROLLER.label());
        props.put("listeners", CONTROLLER_LISTENER + "://" + PortFinder.LOOPBACK + ":" + port);
        return withOverrides(props);
    }

    Map<String, Object> broker(int nodeId, int port, Path dir) {
        Map<String, Object> props = common(nodeId, dir);
        String listener = spec.scram().isPresent() ? SECURED_LISTENER : BROKER_LISTENER;
        String endpoint = listener + "://" + PortFinder.LOOPBACK + ":" + port;
        props.put("process.roles", NodeRole.BROKER.label());
        props.put("listeners", endpoint);
        props.put("advertised.listeners", endpoint);
        props.put("inter.broker.listener.name", listener);
        spec.scram().ifPresent(scram -> {
            // One SCRAM listener for clients and replication (the user exists from format time on); the
            // controller listener stays PLAINTEXT on its own loopback port.
            props.put("sasl.enabled.mechanisms", ScramCredentials.MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", ScramCredentials.MECHANISM);
            props.put("listener.name." + SECURED_LISTENER.toLowerCase(java.util.Locale.ROOT) + "."
                    + ScramCredentials.MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config", scram.jaasConfig());
        });
        // The lab performs the controlled shutdown handshake itself for a clean stop and skips it for an abrupt
        // one (KafkaConfig fixes this flag at construction, so it cannot be chosen per stop otherwise).
        props.put("controlled.shutdown.enable", "false");
        return withOverrides(props);
    }

    private Map<String, Object> common(int nodeId, Path dir) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", quorumVoters);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + SECURED_LISTENER + ":SASL_PLAINTEXT,"
                + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", dir.toString());
        // Topic defaults: the controller applies them to CreateTopics, the brokers to auto-created topics.
        int internalRf = spec.internalTopicReplicationFactor();
        int internalMinIsr = Math.max(1, internalRf - 1);
        props.put("num.partitions", Integer.toString(spec.partitions()));
        props.put("default.replication.factor", Integer.toString(spec.replicationFactor()));
        props.put("min.insync.replicas", Integer.toString(spec.minInsyncReplicas()));
        props.put("offsets.topic.replication.factor", Integer.toString(internalRf));
        props.put("offsets.topic.num.partitions", Integer.toString(spec.offsetsTopicPartitions()));
        props.put("transaction.state.log.replication.factor", Integer.toString(internalRf));
        props.put("transaction.state.log.min.isr", Integer.toString(internalMinIsr));
        props.put("share.coordinator.state.topic.replication.factor", Integer.toString(internalRf));
        props.put("share.coordinator.state.topic.min.isr", Integer.toString(internalMinIsr));
        props.put("group.initial.rebalance.delay.ms", "0");
        // An abruptly stopped broker is fenced (and loses its leaderships) after this timeout.
        props.put("broker.session.timeout.ms", Integer.toString(spec.brokerSessionTimeoutMs()));
        props.put("broker.heartbeat.interval.ms", Integer.toString(Math.max(250, spec.brokerSessionTimeoutMs() / 6)));
        // Smaller footprint than a production server: several nodes share one JVM.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("group.coordinator.threads", "1");
        props.put("num.recovery.threads.per.data.dir", "1");
        return props;
    }

    private Map<String, Object> withOverrides(Map<String, Object> props) {
        props.putAll(spec.serverProperties());
        return props;
    }
}
