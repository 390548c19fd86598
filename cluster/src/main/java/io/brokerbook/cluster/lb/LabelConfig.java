package io.brokerbook.cluster.lb;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What one service's Traefik labels say: whether it is exposed, its routers and its load-balanced services. */
public record LabelConfig(boolean enabled, Map<String, RouterSpec> routers, Map<String, ServiceSpec> services) {

    /** {@code traefik.http.routers.NAME.*}. */
    public record RouterSpec(String name, String ruleText, Rule rule, List<String> entryPoints, String service,
                             int priority) {
    }

    /** {@code traefik.http.services.NAME.loadbalancer.*}; {@code port} null means "the replica's only port". */
    public record ServiceSpec(String name, Integer port, HealthCheck healthCheck) {
    }

    /** Active health check: GET {@code path} every {@code interval}, failing after {@code timeout}. */
    public record HealthCheck(String path, Duration interval, Duration timeout) {
        public static final HealthCheck DEFAULT = new HealthCheck("/health", Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
