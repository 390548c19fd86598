package io.brokerbook.kernel.maven;

import java.util.List;

/**
 * Resolves dependencies with their transitive runtime dependencies, as Maven would for a project that declares
 * them (nearest version wins; test/provided/optional left out), honouring ~/.m2/settings.xml: the local repository
 * (or {@code -Dmaven.repo.local}), offline, mirrors, proxies and servers' credentials. Implemented inside the
 * resolver's own class loader (see {@link ResolverLoader}): only kernel and JDK types cross this interface.
 */
public interface DependencyResolver {
    /**
     * @param repositories the remote repositories besides those settings.xml adds (central first)
     * @throws ResolutionFailure with one line when something cannot be resolved
     */
    List<ResolvedArtifact> resolve(List<MavenDependency> dependencies, List<Repository> repositories,
                                   TransferProgress progress);

    /** Where artifacts are cached: settings.xml's localRepository, -Dmaven.repo.local, or ~/.m2/repository. */
    String localRepository();
}
