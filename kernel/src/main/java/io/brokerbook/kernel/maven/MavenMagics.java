package io.brokerbook.kernel.maven;

import io.brokerbook.kernel.magic.CellClasspath;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.MagicRegistry;
import io.brokerbook.magics.ParsedArgs;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code %maven GROUP:ARTIFACT:VERSION…}, {@code %mavenRepo ID URL} and {@code %%loadFromPOM}: resolve libraries
 * with their dependencies from Maven repositories and put their jars on the cells' classpath at once. Maven
 * Resolver is loaded the first time one of them resolves something. A library the kernel already runs with
 * (kafka-clients, jedis, tablesaw…) or that an earlier {@code %maven} added keeps its version; another version of
 * it is reported in one line and not added.
 */
public final class MavenMagics {
    static final ArgSpec MAVEN = ArgSpec.named("maven",
            "Add libraries from Maven repositories (with their dependencies) to the cells' classpath.")
        .positional("GROUP:ARTIFACT:VERSION…", "Coordinates, e.g. org.apache.commons:commons-text:1.12.0 "
            + "(GROUP:ARTIFACT:EXTENSION[:CLASSIFIER]:VERSION also works). ~/.m2/settings.xml applies: local "
            + "repository, offline, mirrors, proxies, credentials.");
    static final ArgSpec MAVEN_REPO = ArgSpec.named("mavenRepo",
            "Add a Maven repository for %maven and %%loadFromPOM to look in (after Maven Central); "
                + "without arguments, list them.")
        .positional("ID URL", "The repository's id (settings.xml mirrors and servers match it) and its http(s) or "
            + "file URL.");
    static final ArgSpec LOAD_FROM_POM = ArgSpec.named("loadFromPOM",
            "Add the <dependencies> of the pom in the cell (a whole <project>, or just its <dependencies>) to the "
                + "cells' classpath; its <repositories> are used too.");

    private final CellClasspath classpath;
    private final Supplier<DependencyResolver> resolverFactory;
    private final Supplier<KernelArtifacts> kernelArtifactsFactory;
    private final Map<String, Repository> repositories = new LinkedHashMap<>();
    private final Map<String, ResolvedArtifact> added = new LinkedHashMap<>();
    private DependencyResolver resolver;
    private KernelArtifacts kernelArtifacts;

    /**
     * @param classpath        the cells' classpath, where the jars go
     * @param resolverFactory  makes the resolver (called once, when first needed)
     * @param kernelArtifacts  reads the kernel's own artifacts (called once, when first needed)
     */
    public MavenMagics(CellClasspath classpath, Supplier<DependencyResolver> resolverFactory,
                       Supplier<KernelArtifacts> kernelArtifacts) {
        this.classpath = classpath;
        this.resolverFactory = resolverFactory;
        this.kernelArtifactsFactory = kernelArtifacts;
        repositories.put(Repository.CENTRAL.id(), Repository.CENTRAL);
    }

    public void registerAll(MagicRegistry registry) {
        registry.register(Magic.of(MAVEN, (args, ctx) -> maven(MAVEN.parse(args), ctx), null));
        registry.register(Magic.of(MAVEN_REPO, (args, ctx) -> mavenRepo(MAVEN_REPO.parse(args), ctx), null));
        registry.register(Magic.of(LOAD_FROM_POM, null, (args, body, ctx) -> loadFromPom(args, body, ctx)));
    }

    private void maven(ParsedArgs a, MagicContext ctx) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%maven needs coordinates, e.g. %maven org.apache.commons:commons-text:1.12.0");
        }
        List<MavenDependency> deps = new ArrayList<>();
        for (String text : a.positionals()) {
            try {
                deps.add(MavenDependency.of(Coordinates.parse(text)));
            } catch (IllegalArgumentException e) {
                throw new MagicException(e.getMessage());
            }
        }
        resolveAndAdd(deps, List.of(), "%maven", ctx);
    }

    private synchronized void mavenRepo(ParsedArgs a, MagicContext ctx) {
        List<String> p = a.positionals();
        if (p.isEmpty()) {
            repositories.values().forEach(r -> ctx.out().println(r.id() + "  " + r.url()));
            return;
        }
        if (p.size() != 2) {
            throw new MagicException("%mavenRepo takes an ID and a URL, e.g. %mavenRepo jitpack https://jitpack.io");
        }
        Repository r = new Repository(p.get(0), checkedUrl(p.get(1)));
        repositories.put(r.id(), r);
        ctx.out().println("%maven now also looks in " + r + ".");
    }

    private static String checkedUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new MagicException("Bad repository URL '" + url + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw new MagicException("Bad repository URL '" + url + "': use an http://, https:// or file:// URL.");
        }
        return url;
    }

    private void loadFromPom(List<String> args, String body, MagicContext ctx) {
        if (!args.isEmpty()) {
            throw new MagicException("%%loadFromPOM takes no arguments; put the pom's <dependencies> below it.");
        }
        PomDependencies pom;
        try {
            pom = PomDependencies.parse(body);
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
        pom.skipped().forEach(s -> ctx.out().println("Left out " + s + ": not on the runtime classpath."));
        if (pom.dependencies().isEmpty()) {
            throw new MagicException("No <dependency> to add in the cell (put a pom's <dependencies> below %%loadFromPOM).");
        }
        List<Repository> extra = new ArrayList<>();
        for (Repository r : pom.repositories()) {
            extra.add(new Repository(r.id(), checkedUrl(r.url())));
        }
        resolveAndAdd(pom.dependencies(), extra, "%%loadFromPOM", ctx);
    }

    private synchronized void resolveAndAdd(List<MavenDependency> deps, List<Repository> extra, String magic,
                                            MagicContext ctx) {
        if (resolver == null) {
            resolver = resolverFactory.get();
            kernelArtifacts = kernelArtifactsFactory.get();
        }
        // a requested library the cells have in another version is not resolved at all
        List<String> refused = new ArrayList<>();
        List<MavenDependency> wanted = new ArrayList<>();
        for (MavenDependency d : deps) {
            Coordinates c = d.coordinates();
            Optional<String> have = versionHere(c.key()).filter(v -> !v.equals(c.version()));
            if (have.isPresent()) {
                refused.add(clash(c, "", have.get(), kernelArtifacts.version(c.key()).isPresent()));
            } else {
                wanted.add(d);
            }
        }
        if (wanted.isEmpty()) {
            throw new MagicException(String.join(" ", refused));
        }
        refused.forEach(ctx.err()::println);
        List<Repository> repos = new ArrayList<>(repositories.values());
        extra.stream().filter(r -> !repositories.containsKey(r.id())).forEach(repos::add);
        List<ResolvedArtifact> resolved;
        try (DownloadProgress progress = new DownloadProgress(ctx)) {
            resolved = resolver.resolve(wanted, repos, progress);
        } catch (ResolutionFailure e) {
            throw new MagicException(e.getMessage());
        }
        List<ResolvedArtifact> toAdd = new ArrayList<>();
        int already = 0;
        for (ResolvedArtifact r : resolved) {
            Optional<String> have = versionHere(r.coordinates().key());
            if (have.isEmpty()) {
                toAdd.add(r);
            } else if (have.get().equals(r.coordinates().version())) {
                already++;
            } else {
                ctx.err().println(clash(r.coordinates(), r.wantedBy(), have.get(),
                    kernelArtifacts.version(r.coordinates().key()).isPresent()));
            }
        }
        for (ResolvedArtifact r : toAdd) {
            if (r.file() != null && r.coordinates().extension().equals("jar")) {
                classpath.add(r.file().toString(), addedBy(magic, r));
            }
            added.put(r.coordinates().key(), r);
        }
        ctx.out().println(summary(toAdd, already));
    }

    /** "%maven com.example:words:1.0, a dependency of com.example:greeting:1.0": the magic, the artifact, who wanted it. */
    private static String addedBy(String magic, ResolvedArtifact r) {
        String artifact = r.coordinates().toString();
        boolean requested = r.wantedBy().isEmpty() || r.wantedBy().equals(artifact);
        return magic + " " + artifact + (requested ? "" : ", a dependency of " + r.wantedBy());
    }

    /** The version of {@code group:artifact} the cells already have: the kernel's, or an earlier %maven's. */
    private Optional<String> versionHere(String key) {
        ResolvedArtifact earlier = added.get(key);
        return kernelArtifacts.version(key).or(() -> Optional.ofNullable(earlier).map(e -> e.coordinates().version()));
    }

    private static String clash(Coordinates c, String wantedBy, String have, boolean kernels) {
        String wanted = wantedBy.isEmpty() || wantedBy.equals(c.toString()) ? "" : " (wanted by " + wantedBy + ")";
        return c.key() + " " + c.version() + wanted + " clashes with " + (kernels ? "the kernel's " : "the already added ")
            + c.artifactId() + " " + have + "; " + have + " stays on the classpath"
            + (kernels ? " (the kernel loads its classes first)." : " (restart the kernel to change it).");
    }

    private static String summary(List<ResolvedArtifact> addedNow, int already) {
        if (addedNow.isEmpty()) {
            return "Nothing new to add: " + (already == 1 ? "it is" : "they are") + " on the classpath already.";
        }
        StringBuilder sb = new StringBuilder("Added " + addedNow.size() + (addedNow.size() == 1 ? " jar" : " jars")
            + " to the classpath" + (already > 0 ? " (" + already + " already there)" : "") + ":");
        for (ResolvedArtifact r : addedNow) {
            sb.append("\n  ").append(r.coordinates());
        }
        return sb.toString();
    }
}
