package io.brokerbook.kernel.magic;

import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.MagicRegistry;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.TableDisplay;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The kernel's own magics: %lsmagic, %help, %jars and %classpath. */
public final class BuiltinMagics {
    private static final ArgSpec LSMAGIC = ArgSpec.named("lsmagic", "List every magic with a one-line description.");
    private static final ArgSpec HELP = ArgSpec.named("help", "Show how to use a magic.")
        .positional("NAME", "The magic, with or without %.");
    private static final ArgSpec JARS = ArgSpec.named("jars", "Add jars to the Java classpath of the cells.")
        .positional("PATH|GLOB…", "Jar files or globs such as lib/*.jar or deps/**/*.jar.");
    private static final ArgSpec CLASSPATH = ArgSpec.named("classpath",
            "Add directories or jars to the Java classpath of the cells; without arguments, list what was added.")
        .positional("PATH…", "Directories of classes or jar files (globs allowed).");

    private final MagicRegistry registry;
    private final CellClasspath classpath;

    public BuiltinMagics(MagicRegistry registry, CellClasspath classpath) {
        this.registry = registry;
        this.classpath = classpath;
    }

    public void registerAll() {
        registry.register(Magic.of(LSMAGIC, (args, ctx) -> listMagics(ctx), null));
        registry.register(Magic.of(HELP, this::help, null));
        registry.register(Magic.of(JARS, (args, ctx) -> addPaths(JARS.parse(args), ctx, true), null));
        registry.register(Magic.of(CLASSPATH, (args, ctx) -> classpath(CLASSPATH.parse(args), ctx), null));
    }

    private void listMagics(MagicContext ctx) {
        StringColumn names = StringColumn.create("MAGIC");
        StringColumn descriptions = StringColumn.create("DESCRIPTION");
        for (Magic m : registry.all()) {
            names.append(Usage.forms(m));
            descriptions.append(m.summary());
        }
        ctx.display(TableDisplay.of(Table.create("Magics", names, descriptions), 500));
    }

    private void help(List<String> args, MagicContext ctx) {
        ParsedArgs a = HELP.parse(args);
        if (a.positionals().isEmpty()) {
            listMagics(ctx);
            return;
        }
        String name = a.positionals().get(0).replaceFirst("^%+", "");
        Magic m = registry.find(name).orElseThrow(() -> new MagicException(
            "No magic named %" + name + ". List them with %lsmagic."));
        ctx.out().print(Usage.of(m));
    }

    private void classpath(ParsedArgs a, MagicContext ctx) {
        if (a.positionals().isEmpty()) {
            List<CellClasspath.Entry> added = classpath.entries();
            if (added.isEmpty()) {
                ctx.out().println("Nothing added to the classpath yet (use %jars, %classpath PATH or %maven).");
            } else {
                added.forEach(e -> ctx.out().println(e.path() + "  (" + e.addedBy() + ")"));
            }
            return;
        }
        addPaths(a, ctx, false);
    }

    private void addPaths(ParsedArgs a, MagicContext ctx, boolean jarsOnly) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("Give at least one path or glob, e.g. %jars lib/*.jar");
        }
        List<Path> paths = new ArrayList<>();
        for (String spec : a.positionals()) {
            List<Path> found = expand(spec);
            if (found.isEmpty()) {
                throw new MagicException("Nothing matches " + spec + " (relative paths start at "
                    + Path.of("").toAbsolutePath() + ").");
            }
            for (Path p : found) {
                if (jarsOnly && !(Files.isRegularFile(p) && p.toString().endsWith(".jar"))) {
                    throw new MagicException(p + " is not a .jar file; use %classpath for directories.");
                }
                paths.add(p);
            }
        }
        for (Path p : paths) {
            classpath.add(p.toString(), jarsOnly ? "%jars" : "%classpath");
        }
        ctx.out().println("Added " + paths.size() + (paths.size() == 1 ? " entry" : " entries") + " to the classpath:");
        paths.forEach(p -> ctx.out().println("  " + p));
    }

    /**
     * A path, or a glob whose directory part has no wildcards before the first one. As in shells,
     * {@code /**}{@code /} matches zero or more directories: {@code deps/**}{@code /*.jar} includes {@code deps/a.jar}.
     */
    static List<Path> expand(String spec) {
        if (!spec.contains("*") && !spec.contains("?") && !spec.contains("[") && !spec.contains("{")) {
            Path p = Path.of(spec).toAbsolutePath().normalize();
            return Files.exists(p) ? List.of(p) : List.of();
        }
        String abs = Path.of("").toAbsolutePath().resolve(spec).normalize().toString();
        int firstGlob = indexOfGlob(abs);
        int slash = abs.lastIndexOf('/', firstGlob);
        Path base = Path.of(abs.substring(0, Math.max(slash, 1)));
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<PathMatcher> matchers = zeroOrMoreDirectories(abs).stream()
            .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        int depth = abs.contains("**") ? Integer.MAX_VALUE : (int) abs.substring(slash).chars().filter(c -> c == '/').count();
        try (Stream<Path> walk = Files.walk(base, depth)) {
            return walk.filter(p -> matchers.stream().anyMatch(m -> m.matches(p))).sorted().toList();
        } catch (IOException e) {
            throw new MagicException("Could not read " + base + ": " + e.getMessage());
        }
    }

    /** {@code glob} with each {@code /**}{@code /} both kept and collapsed to {@code /} (Java's glob needs both slashes). */
    private static List<String> zeroOrMoreDirectories(String glob) {
        int i = glob.indexOf("/**/");
        if (i < 0) {
            return List.of(glob);
        }
        List<String> variants = new ArrayList<>();
        for (String rest : zeroOrMoreDirectories(glob.substring(i + 3))) {
            variants.add(glob.substring(0, i) + "/**" + rest);
            variants.add(glob.substring(0, i) + rest);
        }
        return variants;
    }

    private static int indexOfGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
