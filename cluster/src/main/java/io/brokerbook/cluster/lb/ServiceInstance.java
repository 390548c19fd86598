package io.brokerbook.cluster.lb;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * One running replica as the registry knows it, like a container seen by Traefik's docker provider:
 * the service it belongs to, its id, the port the app listens on "inside" ({@code containerPort},
 * what {@code loadbalancer.server.port} refers to), the loopback address where that port is
 * published, and its labels.
 */
public record ServiceInstance(String service, String id, int containerPort, InetSocketAddress address,
                              Map<String, String> labels) {
    public ServiceInstance {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        labels = Map.copyOf(labels);
    }

    public String url() {
        return "http://" + address.getHostString() + ":" + address.getPort();
    }
}
