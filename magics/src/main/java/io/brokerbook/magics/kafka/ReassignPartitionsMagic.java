package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.PartitionReassignments;
import io.brokerbook.cluster.kafka.ReassignmentPlan;
import io.brokerbook.cluster.kafka.ReassignmentState;
import io.brokerbook.cluster.kafka.ReplicaAssignment;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code %kafka-reassign-partitions} and {@code %%kafka-reassign-partitions}: as {@code kafka-reassign-partitions.sh}
 * with {@code --generate}, {@code --execute} and {@code --verify}, and Kafka's output (the JSON plans, "Successfully
 * started partition reassignments for ...", "Reassignment of partition t-0 is completed."). The JSON comes from the
 * cell body or from the file options; {@code --execute} also shows the layout it starts from.
 */
final class ReassignPartitionsMagic {
    static final ArgSpec SPEC = ClusterOptions.common(ArgSpec.named("kafka-reassign-partitions",
            "Move partition replicas between brokers or change a topic's replication factor (as kafka-reassign-partitions.sh)."))
        .flag("--generate", "Propose an assignment of the topics to move over --broker-list.")
        .flag("--execute", "Start the reassignment of the plan (cell body or --reassignment-json-file).")
        .flag("--verify", "Show whether each partition of the plan has been moved.")
        .option("--reassignment-json-file", "FILE", "execute/verify: the plan {\"version\":1,\"partitions\":[...]}.")
        .option("--topics-to-move-json-file", "FILE", "generate: {\"topics\":[{\"topic\":\"t\"}],\"version\":1}.")
        .option("--broker-list", "IDS", "generate: the brokers to spread the replicas over, e.g. 101,102,103.");
    private static final List<String> ACTIONS = List.of("--generate", "--execute", "--verify");

    private final KafkaSession session;

    ReassignPartitionsMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, (argv, ctx) -> run(argv, null, ctx), this::run);
    }

    void run(List<String> argv, String body, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-reassign-partitions", args);
        List<String> actions = ACTIONS.stream().filter(args::has).toList();
        if (actions.size() != 1) {
            throw new MagicException("kafka-reassign-partitions: Command must include exactly one action: --generate, --execute, --verify"
                + (actions.isEmpty() ? "." : " (got " + String.join(" ", actions) + ")."));
        }
        String action = actions.get(0);
        boolean generate = action.equals("--generate");
        String fileOption = generate ? "--topics-to-move-json-file" : "--reassignment-json-file";
        String otherFile = generate ? "--reassignment-json-file" : "--topics-to-move-json-file";
        if (args.has(otherFile)) {
            throw new MagicException("kafka-reassign-partitions: " + otherFile + " does not go with " + action + "; use " + fileOption + ".");
        }
        if (!generate && args.has("--broker-list")) {
            throw new MagicException("kafka-reassign-partitions: --broker-list goes with --generate only.");
        }
        String json = json(args, fileOption, body);
        args.notes().forEach(ctx.out()::println);
        KafkaCluster cluster = ClusterOptions.cluster(session, args.value("--bootstrap-server"), ctx.out());
        PartitionReassignments reassignments = new PartitionReassignments(cluster.admin());
        switch (action) {
            case "--generate" -> generate(reassignments, json, args, ctx);
            case "--execute" -> execute(cluster, reassignments, ReassignmentPlan.parse(json), ctx);
            default -> verify(reassignments, ReassignmentPlan.parse(json), ctx);
        }
    }

    private void generate(PartitionReassignments reassignments, String json, ParsedArgs args, MagicContext ctx) {
        List<String> topics = ReassignmentPlan.parseTopicsToMove(json);
        String brokerList = args.value("--broker-list").orElseThrow(() -> new MagicException(
            "kafka-reassign-partitions: --generate needs --broker-list, e.g. --broker-list 101,102,103."));
        PartitionReassignments.Proposal proposal = reassignments.generate(topics, brokerIds(brokerList));
        ctx.out().println("Current partition replica assignment");
        ctx.out().println(proposal.current().toJson());
        ctx.out().println();
        ctx.out().println("Proposed partition reassignment configuration");
        ctx.out().println(proposal.proposed().toJson());
        ctx.display(RecordTable.of(Rows.of("proposed assignment", proposal.proposed().partitions()), ReplicaAssignment.class));
    }

    private void execute(KafkaCluster cluster, PartitionReassignments reassignments, ReassignmentPlan plan, MagicContext ctx) {
        ReassignmentPlan before = reassignments.execute(plan);
        ctx.out().println("Current partition replica assignment");
        ctx.out().println();
        ctx.out().println(before.toJson());
        ctx.out().println();
        ctx.out().println("Save this to use as the --reassignment-json-file option during rollback");
        List<String> names = new ArrayList<>();
        plan.partitions().forEach(p -> names.add(p.topic() + "-" + p.partition()));
        ctx.out().println("Successfully started partition reassignment" + (names.size() == 1 ? "" : "s") + " for " + String.join(",", names));
        ctx.display(RecordTable.of(Rows.of("before", before.partitions()), ReplicaAssignment.class));
    }

    private void verify(PartitionReassignments reassignments, ReassignmentPlan plan, MagicContext ctx) {
        Rows<ReassignmentState> states = reassignments.verify(plan);
        ctx.out().println("Status of partition reassignment:");
        states.forEach(s -> ctx.out().println(s.line()));
        ctx.display(RecordTable.of(states, ReassignmentState.class));
    }

    /** The cell body, else the file; exactly one of them. */
    private static String json(ParsedArgs args, String fileOption, String body) {
        boolean hasBody = body != null && !body.isBlank();
        Optional<String> file = args.value(fileOption);
        if (hasBody && file.isPresent()) {
            throw new MagicException("kafka-reassign-partitions: give the JSON either in the cell or with " + fileOption + ", not both.");
        }
        if (hasBody) {
            return body;
        }
        if (file.isEmpty()) {
            throw new MagicException("kafka-reassign-partitions: give the JSON with " + fileOption + " FILE or in the cell body"
                + " of %%kafka-reassign-partitions.");
        }
        try {
            return Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MagicException("kafka-reassign-partitions: " + fileOption + " " + file.get() + ": no such file (relative paths start at "
                + Path.of("").toAbsolutePath() + ").");
        } catch (IOException e) {
            throw new MagicException("kafka-reassign-partitions: cannot read " + fileOption + " " + file.get() + ": " + e.getMessage());
        }
    }

    private static List<Integer> brokerIds(String list) {
        List<Integer> ids = new ArrayList<>();
        for (String id : list.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            try {
                ids.add(Integer.parseInt(id.trim()));
            } catch (NumberFormatException e) {
                throw new MagicException("kafka-reassign-partitions: --broker-list takes broker ids like 101,102,103, not '" + id.trim() + "'.");
            }
        }
        return ids;
    }
}
