package io.brokerbook.kernel.maven;

import java.nio.file.Path;

/**
 * A resolved artifact: its coordinates, its file in the local repository, and who wanted it (the requested
 * coordinates, or the dependency that pulled it in).
 */
public record ResolvedArtifact(Coordinates coordinates, Path file, String wantedBy) {
}
