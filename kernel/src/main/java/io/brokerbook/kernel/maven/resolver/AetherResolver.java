package io.brokerbook.kernel.maven.resolver;

import io.brokerbook.kernel.maven.Coordinates;
import io.brokerbook.kernel.maven.DependencyResolver;
import io.brokerbook.kernel.maven.MavenDependency;
import io.brokerbook.kernel.maven.Repository;
import io.brokerbook.kernel.maven.ResolutionFailure;
import io.brokerbook.kernel.maven.ResolvedArtifact;
import io.brokerbook.kernel.maven.TransferProgress;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.resolution.ResolutionErrorPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DependencyResolver} with Maven Resolver configured as Maven 3 is ({@link SessionBuilderSupplier}):
 * runtime classpath of the requested dependencies, settings.xml honoured through {@link MavenSettings}. Lives in
 * the resolver's own class loader; failures leave it as one-line {@link ResolutionFailure}s.
 */
public final class AetherResolver implements DependencyResolver {
    private final RepositorySystem system = new RepositorySystemSupplier().get();

    @Override
    public String localRepository() {
        return MavenSettings.read().localRepository().toString();
    }

    @Override
    public List<ResolvedArtifact> resolve(List<MavenDependency> dependencies, List<Repository> repositories,
                                          TransferProgress progress) {
        MavenSettings settings = MavenSettings.read();
        RepositorySystemSession.SessionBuilder builder = new SessionBuilderSupplier(system).get()
            .withLocalRepositoryBaseDirectories(settings.localRepository())
            .setOffline(settings.offline())
            .setMirrorSelector(settings.mirrors())
            .setProxySelector(settings.proxies())
            .setAuthenticationSelector(settings.credentials())
            .setSystemProperties(System.getProperties())
            .setConfigProperty("aether.connector.basic.threads", 4)
            // a notebook retries right after the user fixes a repository: do not cache "not found" for a day
            .setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(ResolutionErrorPolicy.CACHE_DISABLED))
            .setTransferListener(new Listener(progress));
        try (RepositorySystemSession.CloseableSession session = builder.build()) {
            List<RemoteRepository> remotes = new ArrayList<>();
            List<Repository> all = new ArrayList<>(repositories);
            all.addAll(settings.profileRepositories());
            Map<String, Repository> byId = new LinkedHashMap<>();
            all.forEach(r -> byId.putIfAbsent(r.id(), r));
            byId.values().forEach(r -> remotes.add(new RemoteRepository.Builder(r.id(), "default", r.url()).build()));
            CollectRequest collect = new CollectRequest();
            for (MavenDependency d : dependencies) {
                collect.addDependency(new Dependency(artifact(d.coordinates()), JavaScopes.COMPILE, false, exclusions(d)));
            }
            collect.setRepositories(system.newResolutionRepositories(session, remotes));
            DependencyRequest request = new DependencyRequest(collect,
                DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            try {
                DependencyResult result = system.resolveDependencies(session, request);
                return artifacts(result);
            } catch (DependencyResolutionException e) {
                throw new ResolutionFailure(FailureLine.of(e, dependencies, byId.values(), settings));
            } catch (IllegalArgumentException e) {
                throw new ResolutionFailure(e.getMessage());
            }
        }
    }

    private static Artifact artifact(Coordinates c) {
        return new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.extension(), c.version());
    }

    private static List<Exclusion> exclusions(MavenDependency d) {
        List<Exclusion> out = new ArrayList<>();
        for (String key : d.exclusions()) {
            String[] ga = key.split(":", 2);
            out.add(new Exclusion(ga[0], ga.length > 1 ? ga[1] : "*", "*", "*"));
        }
        return out;
    }

    /** The resolved artifacts, each with the requested dependency (or the dependency) that pulled it in. */
    private static List<ResolvedArtifact> artifacts(DependencyResult result) {
        Map<DependencyNode, String> wantedBy = new HashMap<>();
        for (DependencyNode top : result.getRoot().getChildren()) {
            mark(top, coordinates(top.getArtifact()).toString(), wantedBy);
        }
        List<ResolvedArtifact> out = new ArrayList<>();
        for (ArtifactResult r : result.getArtifactResults()) {
            Artifact a = r.getArtifact();
            String by = r.getRequest().getDependencyNode() == null ? "" : wantedBy.getOrDefault(
                r.getRequest().getDependencyNode(), "");
            out.add(new ResolvedArtifact(coordinates(a), a.getPath(), by));
        }
        return out;
    }

    private static void mark(DependencyNode node, String requested, Map<DependencyNode, String> wantedBy) {
        wantedBy.putIfAbsent(node, requested);
        for (DependencyNode child : node.getChildren()) {
            mark(child, requested, wantedBy);
        }
    }

    static Coordinates coordinates(Artifact a) {
        return new Coordinates(a.getGroupId(), a.getArtifactId(), a.getExtension(), a.getClassifier(),
            a.getVersion());
    }

    /** Download progress, per resource, to the kernel's {@link TransferProgress}. */
    private static final class Listener extends AbstractTransferListener {
        private final TransferProgress progress;

        Listener(TransferProgress progress) {
            this.progress = progress;
        }

        @Override
        public void transferProgressed(TransferEvent event) {
            if (event.getRequestType() == TransferEvent.RequestType.GET) {
                progress.downloading(event.getResource().getResourceName(), event.getResource().getRepositoryId(),
                    event.getTransferredBytes(), event.getResource().getContentLength());
            }
        }

        @Override
        public void transferSucceeded(TransferEvent event) {
            if (event.getRequestType() == TransferEvent.RequestType.GET) {
                progress.downloaded(event.getResource().getResourceName(), event.getTransferredBytes());
            }
        }
    }
}
