package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lb.LoadBalancer;
import io.brokerbook.cluster.lb.ReplicaHits;
import io.brokerbook.cluster.lb.Route;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.LineMagic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RecordTable;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code %lb start|stop|routes|hits}: the reverse proxy (entry point "web") and its dashboard. */
final class LbMagic implements LineMagic {
    static final ArgSpec SPEC = ArgSpec.named("lb",
            "Load balancer like Traefik: start/stop the proxy, show its routes and the requests per replica.")
        .subcommand("start", "Start the proxy (entry point web) and its dashboard; running services are picked up.",
            s -> s.option("--port", "P", "the entry point's port (default 8000, or the next free one; 0 = any free port)")
                .option("--dashboard-port", "D", "the dashboard's port (default 8080, or the next free one)"))
        .subcommand("stop", "Stop the proxy and its dashboard; services keep running.")
        .subcommand("routes", "Show the routers: rule, service and its servers.")
        .subcommand("hits", "Show the requests per replica, as a table and a bar chart.",
            s -> s.flag("--reset", "set the counters back to zero after showing them"));

    private final LoadBalancerApi lb;

    LbMagic(LoadBalancerApi lb) {
        this.lb = lb;
    }

    @Override
    public void run(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        switch (args.command()) {
            case "start" -> start(args, ctx);
            case "stop" -> stop(ctx);
            case "routes" -> routes(ctx);
            case "hits" -> hits(args, ctx);
            default -> throw new IllegalStateException("unhandled %lb " + args.command());
        }
    }

    private void start(ParsedArgs args, MagicContext ctx) {
        OptionalInt port = optionalInt(args, "--port");
        LoadBalancer started = lb.start(port, optionalInt(args, "--dashboard-port"));
        String url = started.url();
        ctx.out().println("Entry point web listening on " + url
            + (port.isEmpty() && started.port() != LoadBalancer.DEFAULT_PORT
                ? " (port " + LoadBalancer.DEFAULT_PORT + " was busy)" : ""));
        ctx.out().println("Dashboard: " + started.dashboardUrl() + "  (JSON: http://127.0.0.1:" + started.dashboardPort()
            + "/api/http/routers)");
        ctx.out().println("Try: %http GET " + url + "/ -H 'Host: whoami.localhost'");
        int routers = started.routes().size();
        if (routers > 0) {
            ctx.out().println("Picked up " + routers + " router(s) from running services; see %lb routes");
        }
    }

    private static OptionalInt optionalInt(ParsedArgs args, String option) {
        return args.intValue(option).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private void stop(MagicContext ctx) {
        Optional<String> stopped = lb.stopBalancer();
        ctx.out().println(stopped.map(url -> "Load balancer on " + url
                + " stopped (services keep running; %lb start picks them up again).")
            .orElse("The load balancer is not running."));
    }

    private void routes(MagicContext ctx) {
        Rows<Route> routes = lb.routes();
        if (routes.isEmpty()) {
            ctx.out().println("No routers yet. Run a service with traefik.enable=true and a router rule, e.g.\n"
                + "%service run whoami --replicas 3 --label traefik.enable=true "
                + "--label 'traefik.http.routers.whoami.rule=Host(`whoami.localhost`)'");
        } else {
            ctx.display(RecordTable.of(routes));
        }
        for (String error : lb.routeErrors()) {
            ctx.err().println("error: " + error);
        }
    }

    private void hits(ParsedArgs args, MagicContext ctx) {
        LoadBalancer balancer = lb.balancer();
        Rows<ReplicaHits> hits = balancer.hits();
        if (hits.isEmpty()) {
            ctx.out().println("No requests yet and no servers configured.");
        } else {
            ctx.display(RecordTable.of(hits));
            ctx.display(DisplayData.svg(HitsChart.svg(hits.rows()), "Requests per replica (bar chart)"));
        }
        long notFound = balancer.proxy().stats().notFound();
        if (notFound > 0) {
            ctx.out().println(notFound + " request(s) matched no router (404).");
        }
        if (args.has("--reset")) {
            balancer.resetHits();
            ctx.out().println("Counters reset.");
        }
    }
}
