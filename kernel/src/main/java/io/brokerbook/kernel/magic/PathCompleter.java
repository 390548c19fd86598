package io.brokerbook.kernel.magic;

import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.MagicCompleter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * File names for magics that take paths ({@code %load}, {@code %jars}, {@code %classpath}): the entries of the
 * directory typed so far (relative to the notebook's directory) whose names start with what follows the last
 * {@code /}; directories end in {@code /}, files only with one of the given extensions.
 */
public final class PathCompleter implements MagicCompleter {
    private static final int MAX = 200;

    private final List<String> extensions;

    public PathCompleter(String... extensions) {
        this.extensions = List.of(extensions);
    }

    @Override
    public List<String> candidates(CompletionRequest request) {
        if (!request.option().isEmpty()) {
            return List.of();
        }
        String word = request.word();
        int slash = word.lastIndexOf('/');
        String dirPart = word.substring(0, slash + 1);
        String namePrefix = word.substring(slash + 1);
        Path dir = dirPart.isEmpty() ? Path.of("") : Path.of(dirPart.startsWith("~/")
            ? System.getProperty("user.home") + dirPart.substring(1) : dirPart);
        Path absolute = dir.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(absolute)) {
            return entries
                .filter(p -> p.getFileName().toString().startsWith(namePrefix))
                .filter(p -> !p.getFileName().toString().startsWith(".") || namePrefix.startsWith("."))
                .filter(p -> Files.isDirectory(p) || extensions.stream().anyMatch(e -> p.toString().endsWith(e)))
                .map(p -> dirPart + p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
                .sorted()
                .limit(MAX)
                .toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
