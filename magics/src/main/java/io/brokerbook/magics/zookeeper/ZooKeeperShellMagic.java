package io.brokerbook.magics.zookeeper;

import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.ParsedArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code %zookeeper-shell [HOST:PORT] ls|get|stat PATH}: what {@code zookeeper-shell.sh localhost:2181 ls /brokers/ids}
 * prints, read from the lab's ZooKeeper (or the server named first, as the shell takes it).
 */
final class ZooKeeperShellMagic {
    static final ArgSpec SPEC = ArgSpec.named("zookeeper-shell",
            "Read znodes as zookeeper-shell prints them: [HOST:PORT] ls PATH | get PATH | stat PATH.")
        .subcommand("ls", "The children of PATH, e.g. ls /brokers/ids.", s -> s.positional("PATH", "A znode path."))
        .subcommand("get", "The data of PATH, e.g. get /controller.", s -> s.positional("PATH", "A znode path."))
        .subcommand("stat", "The znode's stat: zxids, times, versions, ephemeralOwner, numChildren.", s -> s
            .positional("PATH", "A znode path."));

    private final ZooKeeperSession session;

    ZooKeeperShellMagic(ZooKeeperSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        Optional<String> server = Optional.empty();
        List<String> words = new ArrayList<>(argv);
        if (!words.isEmpty() && words.get(0).contains(":") && !words.get(0).startsWith("-")) {
            server = Optional.of(words.remove(0)); // zookeeper-shell.sh HOST:PORT COMMAND ...
        }
        ParsedArgs args = SPEC.parse(words);
        String path = args.positional(0).orElseThrow();
        String output = session.withClient(server, client -> switch (args.command()) {
            case "ls" -> client.ls(path);
            case "get" -> client.get(path);
            case "stat" -> client.stat(path);
            default -> throw new IllegalStateException("Unhandled %zookeeper-shell " + args.command());
        });
        ctx.out().print(output);
    }
}
