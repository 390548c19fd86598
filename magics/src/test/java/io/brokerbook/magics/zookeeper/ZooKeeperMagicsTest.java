package io.brokerbook.magics.zookeeper;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.MagicCompleter;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** %zookeeper and %zookeeper-shell on a real ZooKeeper server (a child JVM). */
class ZooKeeperMagicsTest {
    private static final Pattern STARTED = Pattern.compile("started in [\\d.]+ s on 127\\.0\\.0\\.1:(\\d+) \\(pid (\\d+)");

    @TempDir
    Path work;
    private TestKernelHost host;

    @BeforeEach
    void load() {
        host = new TestKernelHost(work);
        new ZooKeeperMagics().register(host, host);
    }

    @AfterEach
    void shutdown() throws Exception {
        host.shutdown();
    }

    private RecordingContext line(String magicLine) throws Exception {
        RecordingContext ctx = new RecordingContext();
        List<String> words = ArgTokenizer.split(magicLine.substring(1));
        Magic magic = host.find(words.get(0)).orElseThrow();
        magic.line().run(words.subList(1, words.size()), ctx);
        return ctx;
    }

    private String failure(String magicLine) {
        Exception e = assertThrows(Exception.class, () -> line(magicLine));
        assertTrue(e instanceof LabException || e instanceof MagicException, e.toString());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void startReadStopWithADataDirThatKeepsTheZnodes() throws Exception {
        assertEquals("No ZooKeeper server: run %zookeeper start first.", failure("%zookeeper-shell ls /"));
        Path data = work.resolve("zk-data");
        String out = line("%zookeeper start --data-dir " + data).text();
        Matcher m = STARTED.matcher(out);
        assertTrue(m.find(), out);
        int port = Integer.parseInt(m.group(1));
        long pid = Long.parseLong(m.group(2));

        assertEquals("[zookeeper]\n", line("%zookeeper-shell ls /").text());
        assertEquals("[zookeeper]\n", line("%zookeeper-shell localhost:" + port + " ls /").text());
        String stat = line("%zookeeper-shell stat /zookeeper").text();
        assertTrue(stat.startsWith("cZxid = 0x0\n") && stat.contains("\nephemeralOwner = 0x0\n"), stat);
        assertEquals("Node does not exist: /brokers", failure("%zookeeper-shell get /brokers"));
        assertTrue(failure("%zookeeper-shell ls brokers").startsWith("Path must start with /"));
        assertTrue(failure("%zookeeper-shell rmr /").contains("rmr"));
        MagicCompleter paths = host.completers.get("zookeeper-shell");
        assertEquals(List.of("/zookeeper"), paths.candidates(new CompletionRequest("zookeeper-shell", List.of("ls"), "/zoo", "ls", List.of(), "")));
        assertEquals(List.of("/zookeeper/config", "/zookeeper/quota"),
            paths.candidates(new CompletionRequest("zookeeper-shell", List.of("get"), "/zookeeper/", "get", List.of(), "")));
        assertEquals(List.of(), paths.candidates(new CompletionRequest("zookeeper-shell", List.of("ls"), "/nope/x", "ls", List.of(), "")));
        String tree = line("%zookeeper tree").text();
        assertTrue(tree.startsWith("/\n  zookeeper\n"), tree);
        String status = line("%zookeeper status").text();
        assertTrue(status.contains("Mode: standalone") && status.contains("Zookeeper version: 3.8.4"), status);
        assertTrue(failure("%zookeeper start").startsWith("zookeeper is already running at 127.0.0.1:" + port));

        assertTrue(line("%zookeeper stop").text().contains("data kept in"));
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the server JVM is gone");
        assertTrue(Files.isDirectory(data.resolve("version-2")));
        assertEquals("No ZooKeeper server: run %zookeeper start first.", failure("%zookeeper stop"));
    }
}
