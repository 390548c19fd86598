package io.brokerbook.kernel.maven;

import java.util.List;

/**
 * A dependency to resolve: its coordinates and the {@code group:artifact} keys of transitive dependencies to
 * leave out ({@code <exclusions>}; {@code *} wildcards allowed as in Maven).
 */
public record MavenDependency(Coordinates coordinates, List<String> exclusions) {
    public MavenDependency {
        exclusions = List.copyOf(exclusions);
    }

    public static MavenDependency of(Coordinates coordinates) {
        return new MavenDependency(coordinates, List.of());
    }
}
