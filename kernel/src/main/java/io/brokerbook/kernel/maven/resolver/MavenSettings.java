package io.brokerbook.kernel.maven.resolver;

import io.brokerbook.kernel.maven.Repository;
import io.brokerbook.kernel.maven.ResolutionFailure;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What Maven itself would take from settings.xml (the user's {@code ~/.m2/settings.xml} over the Maven
 * installation's {@code conf/settings.xml}): the local repository ({@code -Dmaven.repo.local} first), offline,
 * mirrors, active proxies, servers' credentials (decrypted with {@code ~/.m2/settings-security.xml} when
 * encrypted), and the repositories of active profiles. Read again on every {@code %maven}, so edits apply at once.
 */
final class MavenSettings {
    private final Settings settings;
    private final Path userHome = Path.of(System.getProperty("user.home"));

    private MavenSettings(Settings settings) {
        this.settings = settings;
    }

    static MavenSettings read() {
        Path userHome = Path.of(System.getProperty("user.home"));
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest()
            .setUserSettingsFile(userHome.resolve(".m2/settings.xml").toFile())
            .setSystemProperties(System.getProperties());
        globalSettings().ifPresent(f -> request.setGlobalSettingsFile(f.toFile()));
        Properties env = new Properties();
        System.getenv().forEach((k, v) -> env.setProperty("env." + k, v));
        request.setUserProperties(env);
        try {
            Settings s = new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
            return new MavenSettings(decrypted(s, userHome));
        } catch (SettingsBuildingException e) {
            String first = e.getProblems().isEmpty() ? e.getMessage() : e.getProblems().get(0).getMessage()
                + " (" + e.getProblems().get(0).getSource() + ")";
            throw new ResolutionFailure("settings.xml cannot be read: " + first.lines().findFirst().orElse(first));
        }
    }

    /** The Maven installation's settings: MAVEN_HOME / M2_HOME, else the {@code mvn} on PATH. */
    private static Optional<Path> globalSettings() {
        for (String var : List.of("MAVEN_HOME", "M2_HOME")) {
            String home = System.getenv(var);
            if (home != null && Files.isRegularFile(Path.of(home, "conf", "settings.xml"))) {
                return Optional.of(Path.of(home, "conf", "settings.xml"));
            }
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path mvn = Path.of(dir, "mvn");
            if (Files.isExecutable(mvn)) {
                try {
                    Path conf = mvn.toRealPath().getParent().resolveSibling("conf").resolve("settings.xml");
                    return Files.isRegularFile(conf) ? Optional.of(conf) : Optional.empty();
                } catch (java.io.IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Settings decrypted(Settings s, Path userHome) {
        boolean encrypted = s.getServers().stream().anyMatch(v -> isEncrypted(v.getPassword())
            || isEncrypted(v.getPassphrase())) || s.getProxies().stream().anyMatch(p -> isEncrypted(p.getPassword()));
        if (!encrypted) {
            return s;
        }
        String security = System.getProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION,
            userHome.resolve(".m2/settings-security.xml").toString());
        DefaultSettingsDecrypter decrypter = new DefaultSettingsDecrypter(
            new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), security));
        SettingsDecryptionResult r = decrypter.decrypt(new DefaultSettingsDecryptionRequest(s));
        if (!r.getProblems().isEmpty()) {
            throw new ResolutionFailure("settings.xml has encrypted passwords that cannot be decrypted with "
                + security + ": " + r.getProblems().get(0).getMessage());
        }
        Settings copy = s.clone();
        copy.setServers(r.getServers());
        copy.setProxies(r.getProxies());
        return copy;
    }

    private static boolean isEncrypted(String value) {
        return value != null && value.strip().startsWith("{") && value.strip().endsWith("}");
    }

    Path localRepository() {
        String fromProperty = System.getProperty("maven.repo.local");
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Path.of(fromProperty);
        }
        String fromSettings = settings.getLocalRepository();
        if (fromSettings != null && !fromSettings.isBlank()) {
            return Path.of(fromSettings.startsWith("~/") ? userHome + fromSettings.substring(1) : fromSettings);
        }
        return userHome.resolve(".m2/repository");
    }

    boolean offline() {
        return settings.isOffline();
    }

    MirrorSelector mirrors() {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            selector.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(),
                m.getMirrorOfLayouts());
        }
        return selector;
    }

    ProxySelector proxies() {
        DefaultProxySelector selector = new DefaultProxySelector();
        for (Proxy p : settings.getProxies()) {
            if (!p.isActive()) {
                continue;
            }
            AuthenticationBuilder auth = new AuthenticationBuilder();
            if (p.getUsername() != null) {
                auth.addUsername(p.getUsername()).addPassword(p.getPassword());
            }
            selector.add(new org.eclipse.aether.repository.Proxy(p.getProtocol(), p.getHost(), p.getPort(),
                auth.build()), p.getNonProxyHosts());
        }
        return selector;
    }

    AuthenticationSelector credentials() {
        DefaultAuthenticationSelector selector = new DefaultAuthenticationSelector();
        for (Server s : settings.getServers()) {
            AuthenticationBuilder auth = new AuthenticationBuilder();
            if (s.getUsername() != null) {
                auth.addUsername(s.getUsername()).addPassword(s.getPassword());
            }
            if (s.getPrivateKey() != null) {
                auth.addPrivateKey(s.getPrivateKey(), s.getPassphrase());
            }
            selector.add(s.getId(), auth.build());
        }
        return selector;
    }

    /** The repositories of the profiles settings.xml activates (by activeProfiles or activeByDefault). */
    List<Repository> profileRepositories() {
        List<Repository> out = new ArrayList<>();
        for (Profile p : settings.getProfiles()) {
            boolean active = settings.getActiveProfiles().contains(p.getId())
                || (p.getActivation() != null && p.getActivation().isActiveByDefault());
            if (active) {
                p.getRepositories().forEach(r -> out.add(new Repository(r.getId(), r.getUrl())));
            }
        }
        return out;
    }
}
