package io.brokerbook.kernel.maven.resolver;

import io.brokerbook.kernel.maven.MavenDependency;
import io.brokerbook.kernel.maven.Repository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.RepositoryOfflineException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one line a failed resolution becomes, from what Maven Resolver's exception chain says underneath: Maven is
 * offline and the artifact is not in the local repository; a repository cannot be reached; an artifact is in none
 * of the repositories; or else the innermost message.
 */
final class FailureLine {
    private FailureLine() {
    }

    static String of(Exception e, List<MavenDependency> requested, Collection<Repository> repositories,
                     MavenSettings settings) {
        List<Throwable> all = everything(e);
        for (Throwable t : all) {
            if (t instanceof RepositoryOfflineException || t instanceof ArtifactTransferException
                    && String.valueOf(t.getMessage()).contains("offline mode")) {
                return "Maven is offline (settings.xml <offline>true</offline>) and " + what(t, requested)
                    + " is not in the local repository " + settings.localRepository()
                    + ": go online, or resolve it once with network access.";
            }
        }
        for (Throwable t : all) {
            Throwable cause = unreachableCause(t);
            if (cause != null) {
                String repo = t instanceof ArtifactTransferException a && a.getRepository() != null
                    ? describe(a.getRepository())
                    : repositories.stream().map(Repository::toString).collect(Collectors.joining(", "));
                return "Could not reach " + repo + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + firstLine(cause.getMessage()))
                    + ". Check the network, or the proxy or mirror in ~/.m2/settings.xml.";
            }
        }
        for (Throwable t : all) {
            if (t instanceof ArtifactNotFoundException nf) {
                String where = repositories.stream().map(Repository::toString).collect(Collectors.joining(", "));
                return what(nf, requested) + " was not found in " + (where.isEmpty() ? "any repository" : where)
                    + ": check the coordinates, or add its repository with %mavenRepo ID URL.";
            }
        }
        Throwable innermost = all.get(all.size() - 1);
        return firstLine(String.valueOf(innermost.getMessage()));
    }

    private static String what(Throwable t, List<MavenDependency> requested) {
        if (t instanceof ArtifactTransferException a && a.getArtifact() != null) {
            var art = a.getArtifact();
            String gav = art.getGroupId() + ":" + art.getArtifactId() + ":" + art.getVersion();
            boolean direct = requested.stream().anyMatch(d -> d.coordinates().key().equals(art.getGroupId() + ":"
                + art.getArtifactId()));
            return direct ? gav : gav + " (a dependency of " + requested.stream()
                .map(d -> d.coordinates().toString()).collect(Collectors.joining(", ")) + ")";
        }
        return requested.stream().map(d -> d.coordinates().toString()).collect(Collectors.joining(", "));
    }

    /**
     * For a transfer that failed because its repository could not be reached, the network exception under it
     * (the transfer names the repository); for anything else null.
     */
    private static Throwable unreachableCause(Throwable t) {
        if (!(t instanceof ArtifactTransferException) && t.getCause() != null) {
            return null;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (isUnreachable(c)) {
                return c;
            }
        }
        return null;
    }

    private static boolean isUnreachable(Throwable t) {
        return t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
            || t instanceof SocketTimeoutException || t instanceof javax.net.ssl.SSLException
            || t.getClass().getSimpleName().equals("ConnectTimeoutException");
    }

    private static String describe(org.eclipse.aether.repository.ArtifactRepository r) {
        if (!(r instanceof RemoteRepository remote)) {
            return r.getId();
        }
        return describe(remote);
    }

    private static String describe(RemoteRepository r) {
        return r.getId() + " (" + r.getUrl() + ")";
    }

    /** The exception, its causes and suppressed ones, and the failures of each artifact, outermost first. */
    private static List<Throwable> everything(Throwable root) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            out.add(t);
            if (t instanceof ArtifactResolutionException are) {
                for (ArtifactResult r : are.getResults()) {
                    todo.addAll(r.getExceptions());
                }
            }
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
        }
        return out;
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse(s).strip();
    }
}
