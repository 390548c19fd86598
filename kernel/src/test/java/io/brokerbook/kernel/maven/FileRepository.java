package io.brokerbook.kernel.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** A Maven repository in a directory, written by the test: jars (with a pom.properties) and their poms. */
final class FileRepository {
    private final Path root;

    FileRepository(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Publishes g:a:v with {@code dependencies} as "g:a:v" strings (compile scope). */
    FileRepository publish(String g, String a, String v, String... dependencies) throws IOException {
        Path dir = root.resolve(g.replace('.', '/')).resolve(a).resolve(v);
        Files.createDirectories(dir);
        StringBuilder deps = new StringBuilder();
        for (String d : dependencies) {
            String[] p = d.split(":");
            deps.append("<dependency><groupId>").append(p[0]).append("</groupId><artifactId>").append(p[1])
                .append("</artifactId><version>").append(p[2]).append("</version></dependency>");
        }
        Files.writeString(dir.resolve(a + "-" + v + ".pom"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
            + "<modelVersion>4.0.0</modelVersion><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>"
            + "<version>" + v + "</version><dependencies>" + deps + "</dependencies></project>");
        try (OutputStream out = Files.newOutputStream(dir.resolve(a + "-" + v + ".jar"));
             JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("META-INF/maven/" + g + "/" + a + "/pom.properties"));
            jar.write(("groupId=" + g + "\nartifactId=" + a + "\nversion=" + v + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return this;
    }

    Path jar(String g, String a, String v) {
        return root.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".jar");
    }
}
