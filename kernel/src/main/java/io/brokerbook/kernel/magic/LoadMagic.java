package io.brokerbook.kernel.magic;

import io.brokerbook.kernel.CellError;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code %load FILE}: runs a JShell script ({@code .jsh}) or a Java source file ({@code .java}, its package
 * declaration dropped) in the session, as if its code were in the cell; errors name the file and its lines.
 */
public final class LoadMagic implements CodeMagic {
    static final ArgSpec SPEC = ArgSpec.named("load",
            "Run a .jsh script or a .java file in this session (its classes, methods and variables stay defined).")
        .positional("FILE", "A .jsh or .java file; relative paths start at the notebook's directory.");

    @Override
    public Magic magic() {
        return CodeMagic.entry(SPEC, true, false);
    }

    @Override
    public Optional<JavaEvaluator.Value> run(String args, String body, String where, int line, MagicContext ctx, CodeRunner runner)
            throws CellError {
        Path file = file(args);
        String name = file.getFileName().toString();
        String code;
        try {
            code = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw CellError.oneLine("UsageError", "%load: " + file + " is not UTF-8 text.");
        } catch (IOException e) {
            throw CellError.oneLine("UsageError", "%load: could not read " + file + ": " + e.getMessage());
        }
        refuseJShellCommands(code, name);
        return runner.run(name.endsWith(".java") ? JavaSource.withoutPackage(code) : code, name, 1);
    }

    private static Path file(String args) throws CellError {
        List<String> words;
        try {
            words = ArgTokenizer.split(args);
        } catch (MagicException e) {
            throw CellError.oneLine("UsageError", "%load: " + e.getMessage());
        }
        if (words.size() != 1) {
            throw CellError.oneLine("UsageError", words.isEmpty() ? "%load needs a file: %load Greeter.java"
                : "%load takes one file; quote a path with spaces: %load \"my file.jsh\"");
        }
        String spec = words.get(0);
        if (!spec.endsWith(".jsh") && !spec.endsWith(".java")) {
            throw CellError.oneLine("UsageError", "%load runs .jsh scripts and .java files; " + spec + " is neither.");
        }
        Path path = spec.startsWith("~/") ? Path.of(System.getProperty("user.home"), spec.substring(2)) : Path.of(spec);
        Path file = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw CellError.oneLine("UsageError", "%load: no file " + file
                + (path.isAbsolute() ? "" : " (relative paths start at " + Path.of("").toAbsolutePath() + ")"));
        }
        return file;
    }

    /** JShell's own commands ({@code /open}, {@code /env}) are not Java; say so instead of failing to compile them. */
    private static void refuseJShellCommands(String code, String name) throws CellError {
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i].stripLeading();
            if (s.length() > 1 && s.charAt(0) == '/' && Character.isLetter(s.charAt(1))) {
                throw CellError.oneLine("UsageError", "%load: " + name + " line " + (i + 1) + " is a JShell command ("
                    + s.split("\\s", 2)[0] + "); only Java code can be loaded.");
            }
        }
    }
}
