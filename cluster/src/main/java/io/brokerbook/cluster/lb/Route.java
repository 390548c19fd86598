package io.brokerbook.cluster.lb;

import java.util.List;

/**
 * One router the provider configured, as {@code %lb routes} shows it: its rule, the service it sends to and that
 * service's servers.
 */
public record Route(String router, String rule, String service, List<Server> servers) {
    public Route {
        servers = List.copyOf(servers);
    }

    /** A server of the route's service: the replica behind it, and whether it takes traffic now. */
    public record Server(String replica, String url, boolean up) {
        @Override
        public String toString() {
            return up ? url : url + " (down)";
        }
    }
}
