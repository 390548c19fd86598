package io.brokerbook.magics.rabbitmq;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lab.Similar;
import io.brokerbook.cluster.rabbitmq.BindingInfo;
import io.brokerbook.cluster.rabbitmq.ConnectionInfo;
import io.brokerbook.cluster.rabbitmq.ConsumerInfo;
import io.brokerbook.cluster.rabbitmq.ExchangeInfo;
import io.brokerbook.cluster.rabbitmq.QueueInfo;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;
import io.brokerbook.magics.display.TableDisplay;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.function.Function;

/**
 * {@code %rabbitmqctl list_queues [COLUMN…]} and the other list commands, with rabbitmqctl's column names and
 * default columns, read from the management API (milliseconds, where rabbitmqctl boots an Erlang VM per call).
 */
final class RabbitmqctlMagic {
    static final ArgSpec SPEC = ArgSpec.named("rabbitmqctl",
            "rabbitmqctl's list commands as tables (from the management API, or Qpid Broker-J's broker model): list_queues name messages consumers …")
        .subcommand("list_queues", "Queues; columns: name type durable auto_delete exclusive arguments messages messages_ready "
            + "messages_unacknowledged messages_persistent consumers memory state policy (default: name messages).",
            s -> s.morePositionals("COLUMN", "columns to show"))
        .subcommand("list_exchanges", "Exchanges; columns: name type durable auto_delete internal arguments (default: name type).",
            s -> s.morePositionals("COLUMN", "columns to show"))
        .subcommand("list_bindings", "Bindings; columns: source_name source_kind destination_name destination_kind routing_key arguments.",
            s -> s.morePositionals("COLUMN", "columns to show"))
        .subcommand("list_connections", "Client connections; columns: name user peer_host peer_port state channels protocol "
            + "client_properties (default: user peer_host peer_port state).",
            s -> s.morePositionals("COLUMN", "columns to show"))
        .subcommand("list_consumers", "Consumers; columns: queue_name channel_pid consumer_tag ack_required prefetch_count active arguments.",
            s -> s.morePositionals("COLUMN", "columns to show"));

    private final RabbitSession session;

    RabbitmqctlMagic(RabbitSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> args, MagicContext ctx) {
        ParsedArgs p = SPEC.parse(args);
        List<String> columns = p.positionals();
        switch (p.command()) {
            case "list_queues" -> show(ctx, QueueInfo.class, RabbitLab::queues, columns, QueueInfo.DEFAULT_COLUMNS);
            case "list_exchanges" -> show(ctx, ExchangeInfo.class, RabbitLab::exchanges, columns, ExchangeInfo.DEFAULT_COLUMNS);
            case "list_bindings" -> show(ctx, BindingInfo.class, RabbitLab::bindings, columns, BindingInfo.DEFAULT_COLUMNS);
            case "list_connections" -> show(ctx, ConnectionInfo.class, RabbitLab::connections, columns, ConnectionInfo.DEFAULT_COLUMNS);
            case "list_consumers" -> show(ctx, ConsumerInfo.class, RabbitLab::consumers, columns, ConsumerInfo.DEFAULT_COLUMNS);
            default -> throw new MagicException("Unknown %rabbitmqctl command; see %rabbitmqctl --help.");
        }
    }

    private <R extends Record> void show(MagicContext ctx, Class<R> type, Function<RabbitLab, Rows<R>> list,
                                         List<String> asked, List<String> defaults) {
        List<String> columns = asked.isEmpty() ? defaults : asked;
        Table all = RecordTable.table("", type, List.of());
        List<String> known = all.columnNames();
        for (String c : columns) {
            if (!known.contains(c)) {
                List<String> near = Similar.closest(c, known, 1);
                throw new MagicException("Unknown column '" + c + "'" + (near.isEmpty() ? "" : "; did you mean " + near.get(0) + "?")
                    + " Columns: " + String.join(" ", known) + ".");
            }
        }
        Rows<R> rows = session.use(list);
        Table table = RecordTable.table(rows.title(), type, rows.rows()).selectColumns(columns.toArray(new String[0]));
        ctx.display(TableDisplay.of(table));
        if (session.lab().isQpid()) {
            ctx.out().println(rows.title()); // says what Qpid's model does not report ("-")
        }
    }
}
