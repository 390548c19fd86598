package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.testing.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The choice of the Java that runs Qpid Broker-J's child JVM, on the JDKs installed under /usr/lib/jvm. */
class QpidJavaTest {
    private static final Path JVMS = Path.of("/usr/lib/jvm");

    @TempDir
    Path dir;

    /** An installed JDK home whose release file says a Java version in [from, to]. */
    private static Optional<Path> installed(int from, int to) throws IOException {
        if (!Files.isDirectory(JVMS)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(JVMS)) {
            return homes.sorted().filter(h -> Files.isExecutable(h.resolve("bin/java")))
                .filter(h -> QpidJava.releaseVersion(h).map(QpidJava::feature).filter(f -> f >= from && f <= to).isPresent())
                .findFirst();
        }
    }

    private static Path requireInstalled(int from, int to) throws IOException {
        Optional<Path> home = installed(from, to);
        RequiredTool.require(home.isPresent(), "no Java " + from + "-" + to + " under " + JVMS
            + " (apt-get install openjdk-17-jre-headless; Java 24+: the JDK install.sh picks for the kernel)");
        return home.orElseThrow();
    }

    @Test
    void anExplicitJavaOutsideSeventeenToTwentyThreeIsRefusedInOneLine() throws IOException {
        Path newer = requireInstalled(24, 99);
        RabbitLabException e = assertThrows(RabbitLabException.class,
            () -> QpidJava.choose(new QpidJava.Sources(newer.toString(), newer, null, JVMS)));
        assertTrue(e.getMessage().startsWith("Qpid Broker-J needs Java 17-23, but BROKERBOOK_QPID_JAVA=" + newer + " is Java "),
            e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install openjdk-17-jre-headless"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Path inRange = requireInstalled(17, 23);
        RabbitLabException passedOver = assertThrows(RabbitLabException.class,
            () -> QpidJava.choose(new QpidJava.Sources(newer.resolve("bin/java").toString(), inRange, inRange, JVMS)));
        assertTrue(passedOver.getMessage().startsWith("Qpid Broker-J needs Java 17-23"), "an explicit setting is never passed over");
    }

    @Test
    void anExplicitSettingThatIsNoJavaHomeIsRefusedInOneLine() {
        RabbitLabException e = assertThrows(RabbitLabException.class,
            () -> QpidJava.choose(new QpidJava.Sources(dir.toString(), dir, null, dir)));
        assertEquals("BROKERBOOK_QPID_JAVA=" + dir + " is not a Java home (no bin/java and release file there): point it at"
            + " a Java 17-23 home, e.g. /usr/lib/jvm/java-17-openjdk-amd64.", e.getMessage());
    }

    @Test
    void noJavaSeventeenToTwentyThreeAnywhereIsOneLineSayingHowToGetOne() throws IOException {
        Path newer = requireInstalled(24, 99);
        Files.createSymbolicLink(dir.resolve("only-new"), newer);
        RabbitLabException e = assertThrows(RabbitLabException.class,
            () -> QpidJava.choose(new QpidJava.Sources(null, newer, newer, dir)));
        assertTrue(e.getMessage().startsWith("Qpid Broker-J (the fallback without rabbitmq-server) needs Java 17-23 and none"
            + " was found (Java "), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install openjdk-17-jre-headless, or set BROKERBOOK_QPID_JAVA"), e.getMessage());
    }

    @Test
    void theKernelsOwnJavaFirstElseTheNewestInRangeUnderTheJvmDir() throws IOException {
        Path inRange = requireInstalled(17, 23);
        Path newer = requireInstalled(24, 99);
        QpidJava own = QpidJava.choose(new QpidJava.Sources(null, inRange, newer, JVMS));
        assertEquals(inRange.toRealPath(), own.home());
        assertEquals("the kernel's own java", own.source());
        Files.createSymbolicLink(dir.resolve("a-new-one"), newer);
        Files.createSymbolicLink(dir.resolve("b-old-one"), inRange);
        QpidJava found = QpidJava.choose(new QpidJava.Sources(null, newer, null, dir));
        assertEquals(inRange.toRealPath(), found.home());
        assertTrue(found.source().startsWith("the newest Java 17-23 in "), found.source());
        assertTrue(Files.isExecutable(found.executable()));
    }

    @Test
    void versionsAreReadFromTheReleaseFileFormat() {
        assertEquals(17, QpidJava.feature("17.0.15"));
        assertEquals(21, QpidJava.feature("21"));
        assertEquals(8, QpidJava.feature("1.8.0_402"));
        assertEquals(0, QpidJava.feature("x"));
    }
}
