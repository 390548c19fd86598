package io.brokerbook.cluster.lb;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What the provider hands the proxy after every registry change, like Traefik's dynamic
 * configuration: routers (highest priority first), services with their servers, and the
 * configuration errors found (shown on the dashboard, as Traefik does).
 */
public record DynamicConfig(List<RouterConfig> routers, Map<String, ServiceConfig> services, List<String> errors) {
    public static final DynamicConfig EMPTY = new DynamicConfig(List.of(), Map.of(), List.of());

    public DynamicConfig {
        routers = List.copyOf(routers);
        services = Map.copyOf(services);
        errors = List.copyOf(errors);
    }

    public record RouterConfig(String name, String ruleText, Rule rule, String service, List<String> entryPoints,
                               int priority) {
    }

    public record ServiceConfig(String name, List<ServerTarget> servers, LabelConfig.HealthCheck healthCheck) {
        public ServiceConfig {
            servers = List.copyOf(servers);
        }
    }

    /** One replica as a load-balancer server. */
    public record ServerTarget(String service, String instanceId, InetSocketAddress address) {
        public String url() {
            return "http://" + address.getHostString() + ":" + address.getPort();
        }
    }
}
