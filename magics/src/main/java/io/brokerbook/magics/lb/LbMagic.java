package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lb.LoadBalancerLab;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.LineMagic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.TableDisplay;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %lb start|stop|routes|hits}: the reverse proxy (entry point "web") and its dashboard. */
final class LbMagic implements LineMagic {
    static final ArgSpec SPEC = ArgSpec.named("lb",
            "Load balancer like Traefik: start/stop the proxy, show its routes and the requests per replica.")
        .positional("start|stop|routes|hits", "start the proxy, stop it, show routers, show requests per replica")
        .option("--port", "P", "start: the entry point's port (default 8000, or the next free one)")
        .option("--dashboard-port", "D", "start: the dashboard's port (default 8080, or the next free one)")
        .flag("--reset", "hits: set the counters back to zero after showing them");
    private static final List<String> SUBCOMMANDS = List.of("start", "stop", "routes", "hits");

    private final LoadBalancerLab lab;

    LbMagic(LoadBalancerLab lab) {
        this.lab = lab;
    }

    @Override
    public void run(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        String sub = Subcommands.pick("lb", args, SUBCOMMANDS);
        Subcommands.onlyWith("lb", args, sub, "start", "--port", "--dashboard-port");
        Subcommands.onlyWith("lb", args, sub, "hits", "--reset");
        Subcommands.positionals("lb", args, 1, sub);
        switch (sub) {
            case "start" -> start(args, ctx);
            case "stop" -> stop(ctx);
            case "routes" -> routes(ctx);
            default -> hits(args, ctx);
        }
    }

    private void start(ParsedArgs args, MagicContext ctx) {
        Integer port = args.intValue("--port").orElse(null);
        Integer dashboardPort = args.intValue("--dashboard-port").orElse(null);
        Subcommands.labDo(() -> lab.start(port, dashboardPort));
        String url = lab.url();
        ctx.out().println("Entry point web listening on " + url
            + (port == null && lab.port() != LoadBalancerLab.DEFAULT_PORT
                ? " (port " + LoadBalancerLab.DEFAULT_PORT + " was busy)" : ""));
        ctx.out().println("Dashboard: " + lab.dashboardUrl() + "  (JSON: http://127.0.0.1:" + lab.dashboardPort()
            + "/api/http/routers)");
        ctx.out().println("Try: %http GET " + url + "/ -H 'Host: whoami.localhost'");
        int routers = lab.proxy().config().routers().size();
        if (routers > 0) {
            ctx.out().println("Picked up " + routers + " router(s) from running services; see %lb routes");
        }
    }

    private void stop(MagicContext ctx) {
        if (!lab.running()) {
            ctx.out().println("The load balancer is not running.");
            return;
        }
        String url = lab.url();
        lab.stop();
        ctx.out().println("Load balancer on " + url + " stopped (services keep running; %lb start picks them up again).");
    }

    private void routes(MagicContext ctx) {
        Table routes = Subcommands.lab(lab::routes);
        if (routes.rowCount() == 0) {
            ctx.out().println("No routers yet. Run a service with traefik.enable=true and a router rule, e.g.\n"
                + "%service run whoami --replicas 3 --label traefik.enable=true "
                + "--label 'traefik.http.routers.whoami.rule=Host(`whoami.localhost`)'");
        } else {
            ctx.display(TableDisplay.of(routes));
        }
        for (String error : lab.routeErrors()) {
            ctx.err().println("error: " + error);
        }
    }

    private void hits(ParsedArgs args, MagicContext ctx) {
        Table hits = Subcommands.lab(lab::hits);
        if (hits.rowCount() == 0) {
            ctx.out().println("No requests yet and no servers configured.");
        } else {
            ctx.display(TableDisplay.of(hits));
            ctx.display(DisplayData.svg(HitsChart.svg(hits), "Requests per replica (bar chart)"));
        }
        long notFound = lab.proxy().stats().notFound();
        if (notFound > 0) {
            ctx.out().println(notFound + " request(s) matched no router (404).");
        }
        if (args.has("--reset")) {
            lab.resetHits();
            ctx.out().println("Counters reset.");
        }
    }
}
