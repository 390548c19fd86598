package io.brokerbook.cluster.rabbitmq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Java that runs Qpid Broker-J's child JVM. Qpid Broker-J 9.2 runs on Java {@value #OLDEST} to {@value #NEWEST}
 * only: it calls {@code Subject.getSubject}, which throws from Java 24 on (and from Java 18 needs
 * {@code -Djava.security.manager=allow}). Chosen from, in order: {@value #SETTING} (a JDK home or its
 * {@code bin/java}; used or refused, never passed over), the kernel's own java, {@code JAVA_HOME}, and the newest
 * in range among the JDKs under {@code /usr/lib/jvm}. A JDK's version is read from its {@code release} file, so
 * choosing starts no JVM.
 *
 * @param home    the JDK (or JRE) home
 * @param version its {@code JAVA_VERSION}, e.g. {@code 17.0.15}
 * @param source  why this one: {@code BROKERBOOK_QPID_JAVA}, {@code the kernel's own java}, …
 */
public record QpidJava(Path home, String version, String source) {
    public static final String SETTING = "BROKERBOOK_QPID_JAVA";
    public static final int OLDEST = 17;
    public static final int NEWEST = 23;
    static final String HOW_TO_GET_ONE = "apt-get install openjdk-17-jre-headless, or set " + SETTING
        + " to a Java " + OLDEST + "-" + NEWEST + " home";

    /**
     * Where to look.
     *
     * @param setting    the value of {@value #SETTING}, or null
     * @param kernelHome the kernel's {@code java.home}
     * @param javaHome   {@code JAVA_HOME}, or null
     * @param jvmDirs    the dir whose entries are JDK homes ({@code /usr/lib/jvm})
     */
    public record Sources(String setting, Path kernelHome, Path javaHome, Path jvmDirs) {
        public static Sources ofThisProcess() {
            String javaHome = System.getenv("JAVA_HOME");
            return new Sources(System.getenv(SETTING), Path.of(System.getProperty("java.home")),
                javaHome == null || javaHome.isBlank() ? null : Path.of(javaHome), Path.of("/usr/lib/jvm"));
        }
    }

    public Path executable() {
        return home.resolve("bin").resolve("java");
    }

    public int feature() {
        return feature(version);
    }

    /** The Java to run Qpid Broker-J on, or a one-line {@link RabbitLabException} saying how to get one. */
    public static QpidJava choose(Sources sources) {
        if (sources.setting() != null && !sources.setting().isBlank()) {
            return explicit(sources.setting().strip());
        }
        List<String> seen = new ArrayList<>();
        Set<Path> tried = new LinkedHashSet<>();
        Optional<QpidJava> kernel = candidate(sources.kernelHome(), "the kernel's own java", tried, seen);
        if (kernel.isPresent()) {
            return kernel.get();
        }
        if (sources.javaHome() != null) {
            Optional<QpidJava> javaHome = candidate(sources.javaHome(), "JAVA_HOME", tried, seen);
            if (javaHome.isPresent()) {
                return javaHome.get();
            }
        }
        List<QpidJava> installed = new ArrayList<>();
        try (Stream<Path> homes = Files.list(sources.jvmDirs())) {
            for (Path home : homes.sorted().toList()) {
                candidate(home, "the newest Java " + OLDEST + "-" + NEWEST + " in " + sources.jvmDirs(), tried, seen)
                    .ifPresent(installed::add);
            }
        } catch (IOException e) {
            // no such dir: nothing installed there
        }
        return installed.stream().max(Comparator.<QpidJava>comparingInt(QpidJava::feature).thenComparing(QpidJava::version))
            .orElseThrow(() -> new RabbitLabException("Qpid Broker-J (the fallback without rabbitmq-server) needs Java "
                + OLDEST + "-" + NEWEST + " and none was found (" + (seen.isEmpty() ? "no JDK" : String.join(", ", seen))
                + "): " + HOW_TO_GET_ONE + "; or install rabbitmq-server."));
    }

    private static QpidJava explicit(String setting) {
        Path given = Path.of(setting);
        Path home = Files.isRegularFile(given) ? homeOfExecutable(given) : given;
        Optional<String> version = home == null ? Optional.empty() : releaseVersion(home);
        if (version.isEmpty() || !Files.isExecutable(home.resolve("bin/java"))) {
            throw new RabbitLabException(SETTING + "=" + setting + " is not a Java home (no bin/java and release file "
                + "there): point it at a Java " + OLDEST + "-" + NEWEST + " home, e.g. /usr/lib/jvm/java-17-openjdk-amd64.");
        }
        int feature = feature(version.get());
        if (feature < OLDEST || feature > NEWEST) {
            throw new RabbitLabException("Qpid Broker-J needs Java " + OLDEST + "-" + NEWEST + ", but " + SETTING + "="
                + setting + " is Java " + version.get() + ": " + "point it at a Java " + OLDEST + "-" + NEWEST
                + " home (apt-get install openjdk-17-jre-headless gives /usr/lib/jvm/java-17-openjdk-amd64).");
        }
        return new QpidJava(home, version.get(), SETTING);
    }

    /** {@code …/bin/java} (through its symlinks, e.g. /usr/bin/java) → the home above its bin. */
    private static Path homeOfExecutable(Path java) {
        try {
            Path bin = java.toRealPath().getParent();
            return bin == null ? null : bin.getParent();
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<QpidJava> candidate(Path home, String source, Set<Path> tried, List<String> seen) {
        Path real;
        try {
            real = home.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!tried.add(real) || !Files.isExecutable(real.resolve("bin/java"))) {
            return Optional.empty();
        }
        Optional<String> version = releaseVersion(real);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        int feature = feature(version.get());
        if (feature < OLDEST || feature > NEWEST) {
            seen.add("Java " + version.get() + " in " + real);
            return Optional.empty();
        }
        return Optional.of(new QpidJava(real, version.get(), source));
    }

    /** {@code JAVA_VERSION="17.0.15"} from the home's {@code release} file. */
    static Optional<String> releaseVersion(Path home) {
        List<String> lines;
        try {
            lines = Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            if (line.startsWith("JAVA_VERSION=")) {
                String value = line.substring("JAVA_VERSION=".length()).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || feature(value) == 0 ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** 17 for {@code 17.0.15}, 21 for {@code 21}, 8 for {@code 1.8.0_402}; 0 if not a version. */
    static int feature(String version) {
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
