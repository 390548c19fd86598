package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lb.DemoReplica;
import io.brokerbook.cluster.lb.LoadBalancer;
import io.brokerbook.cluster.lb.ReplicaKind;
import io.brokerbook.cluster.lb.Route;
import io.brokerbook.cluster.lb.ServiceFleet;
import io.brokerbook.cluster.lb.ServiceReplica;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.LineMagic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code %service run|scale|stop|list}: demo service replicas that announce themselves with Traefik labels. */
final class ServiceMagic implements LineMagic {
    static final ArgSpec SPEC = ArgSpec.named("service",
            "Run demo services (whoami, model) as replicas that register with Traefik labels; scale them live.")
        .subcommand("run", "Start a service's replicas; each registers with the service's labels.", s -> s
            .positional("NAME", "the service (lower-case letters, digits, - and _)")
            .option("--replicas", "N", "how many replicas (default 1)")
            .repeatable("--label", "KEY=VALUE", "a label, e.g. traefik.enable=true or "
                + "'traefik.http.routers.NAME.rule=Host(`whoami.localhost`)'")
            .alias("-l", "--label")
            .option("--kind", "whoami|model", "the demo app (default whoami)")
            .option("--delay-ms", "D", "model only: milliseconds before each answer (default 100)"))
        .subcommand("scale", "Add or remove replicas (removed ones finish their requests first).", s -> s
            .positional("NAME", "the service")
            .positional("N", "how many replicas it should have"))
        .subcommand("stop", "Stop a service (all its replicas) or one replica such as whoami-2.", s -> s
            .positional("NAME|REPLICA", "the service or the replica"))
        .subcommand("list", "One row per replica: service, kind, ports, health, requests, labels.");

    private final LoadBalancerApi lb;
    private final ServiceFleet fleet;

    ServiceMagic(LoadBalancerApi lb) {
        this.lb = lb;
        this.fleet = lb.services();
    }

    @Override
    public void run(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        switch (args.command()) {
            case "run" -> run(args, ctx);
            case "scale" -> scale(args, ctx);
            case "stop" -> stop(args, ctx);
            case "list" -> list(ctx);
            default -> throw new IllegalStateException("unhandled %service " + args.command());
        }
    }

    private void run(ParsedArgs args, MagicContext ctx) {
        String name = args.positional(0).orElseThrow();
        int replicas = args.intValue("--replicas", 1);
        ReplicaKind kind = ReplicaKind.parse(args.value("--kind", "whoami"));
        if (args.has("--delay-ms") && kind != ReplicaKind.MODEL) {
            throw new MagicException("service: --delay-ms is for --kind model (whoami takes ?wait=200ms per request).");
        }
        long delay = args.longValue("--delay-ms").orElse(kind == ReplicaKind.MODEL ? 100L : 0L);
        if (delay < 0) {
            throw new MagicException("service: --delay-ms must not be negative.");
        }
        Map<String, String> labels = args.keyValues("--label");
        List<DemoReplica> started = fleet.run(name, replicas, kind, Duration.ofMillis(delay), labels);
        ctx.out().println("Started " + name + " (" + kind.label() + "): " + started.stream()
            .map(r -> r.id() + " " + r.url()).collect(Collectors.joining(", ")));
        if (!"true".equalsIgnoreCase(labels.getOrDefault("traefik.enable", "false"))) {
            ctx.out().println("No traefik.enable=true label: the load balancer ignores " + name + ", as Traefik would.");
        } else if (lb.running()) {
            describeRouting(name, ctx);
        } else {
            ctx.out().println("The load balancer is not running; %lb start will pick " + name + " up from its labels.");
        }
    }

    private void describeRouting(String service, MagicContext ctx) {
        LoadBalancer balancer = lb.balancer();
        for (Route r : balancer.routes()) {
            boolean ours = r.servers().stream().anyMatch(s -> s.replica().startsWith(service + "-"));
            if (ours) {
                ctx.out().println("Router " + r.router() + ": " + r.rule() + " -> service " + r.service() + " ("
                    + r.servers().size() + " servers) on " + balancer.url());
            }
        }
        for (String error : balancer.routeErrors()) {
            ctx.err().println("error: " + error);
        }
    }

    private void scale(ParsedArgs args, MagicContext ctx) {
        String name = args.positional(0).orElseThrow();
        String count = args.positional(1).orElseThrow();
        int n;
        try {
            n = Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            throw new MagicException("service: scale expects a whole number of replicas, got '" + count + "'.");
        }
        int before = fleet.replicas(name).size();
        fleet.scale(name, n);
        ctx.out().println("Scaled " + name + " from " + before + " to " + n + " replicas"
            + (n < before ? " (removed ones finished their requests first)." : "."));
        if (lb.running() && n > 0) {
            describeRouting(name, ctx);
        }
    }

    private void stop(ParsedArgs args, MagicContext ctx) {
        String name = args.positional(0).orElseThrow();
        if (!fleet.names().contains(name) && fleet.replicaIds().contains(name)) {
            fleet.stopReplica(name);
            ctx.out().println("Stopped replica " + name + " (it left the load balancer first and finished its requests).");
            return;
        }
        int before = fleet.replicas(name).size();
        fleet.stop(name);
        ctx.out().println("Stopped " + name + " (" + before + " replicas).");
    }

    private void list(MagicContext ctx) {
        Rows<ServiceReplica> replicas = fleet.list();
        if (replicas.isEmpty()) {
            ctx.out().println("No services running. Start one with %service run whoami --replicas 3 --label traefik.enable=true …");
        } else {
            ctx.display(RecordTable.of(replicas));
        }
    }
}
