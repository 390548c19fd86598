package io.brokerbook.kernel.maven;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <dependencies>} (and {@code <repositories>}) of a pom, or of a piece of one, as {@code %%loadFromPOM}
 * takes it: a whole {@code <project>}, a {@code <dependencies>} element, or bare {@code <dependency>} elements.
 * {@code ${…}} in versions are filled from the pom's {@code <properties>}; test, provided and system scopes are
 * left out as Maven leaves them off the runtime classpath; {@code <dependencyManagement>} declares nothing.
 */
public record PomDependencies(List<MavenDependency> dependencies, List<Repository> repositories,
                              List<String> skipped) {
    private static final Set<String> RUNTIME_SCOPES = Set.of("", "compile", "runtime");

    public static PomDependencies parse(String xml) {
        Element root = rootOf(xml);
        Map<String, String> properties = new HashMap<>();
        for (Element props : children(root, "properties")) {
            for (Element p : children(props, null)) {
                properties.put(p.getTagName(), p.getTextContent().strip());
            }
        }
        properties.putIfAbsent("project.version", text(root, "version", properties));
        List<MavenDependency> deps = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Element> declared = new ArrayList<>(children(root, "dependency"));
        for (Element ds : children(root, "dependencies")) {
            declared.addAll(children(ds, "dependency"));
        }
        for (Element d : declared) {
            String g = text(d, "groupId", properties);
            String a = text(d, "artifactId", properties);
            String v = text(d, "version", properties);
            if (g.isEmpty() || a.isEmpty() || v.isEmpty()) {
                throw new IllegalArgumentException("A <dependency> needs <groupId>, <artifactId> and <version>"
                    + (a.isEmpty() ? "" : " (" + a + " has " + (v.isEmpty() ? "no version" : "no groupId") + ")")
                    + "; versions from a parent or a BOM are not looked up.");
            }
            if (v.contains("${")) {
                throw new IllegalArgumentException("Version " + v + " of " + g + ":" + a
                    + " uses a property the pom's <properties> does not define.");
            }
            String type = text(d, "type", properties);
            String classifier = text(d, "classifier", properties);
            if (type.equals("test-jar")) {
                type = "jar";
                classifier = classifier.isEmpty() ? "tests" : classifier;
            }
            String scope = text(d, "scope", properties);
            Coordinates c = new Coordinates(g, a, type, classifier, v);
            if (!RUNTIME_SCOPES.contains(scope)) {
                skipped.add(c + " (scope " + scope + ")");
                continue;
            }
            List<String> exclusions = new ArrayList<>();
            for (Element ex : children(d, "exclusions")) {
                for (Element e : children(ex, "exclusion")) {
                    exclusions.add(text(e, "groupId", properties) + ":" + orStar(text(e, "artifactId", properties)));
                }
            }
            deps.add(new MavenDependency(c, exclusions));
        }
        List<Repository> repos = new ArrayList<>();
        for (Element rs : children(root, "repositories")) {
            for (Element r : children(rs, "repository")) {
                repos.add(new Repository(text(r, "id", properties), text(r, "url", properties)));
            }
        }
        return new PomDependencies(deps, repos, skipped);
    }

    private static String orStar(String s) {
        return s.isEmpty() ? "*" : s;
    }

    /** The document's element, or a wrapper around several top-level elements. */
    private static Element rootOf(String xml) {
        String body = xml.strip();
        if (body.startsWith("<?xml")) {
            body = body.substring(body.indexOf("?>") + 2).strip();
        }
        Document doc;
        try {
            doc = parseXml("<pom-fragment>" + body + "</pom-fragment>");
        } catch (SAXException e) {
            throw new IllegalArgumentException("The cell is not well-formed XML: " + e.getMessage()
                + " Put a pom's <dependencies> (or a whole <project>) below %%loadFromPOM.");
        }
        Element wrapper = doc.getDocumentElement();
        List<Element> top = children(wrapper, null);
        if (top.size() == 1 && top.get(0).getTagName().equals("project")) {
            return top.get(0);
        }
        return wrapper;
    }

    private static Document parseXml(String xml) throws SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new org.xml.sax.InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("XML parser unavailable: " + e.getMessage(), e);
        }
    }

    /** Child elements named {@code name} (any name if null). */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name, Map<String, String> properties) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : interpolate(found.get(0).getTextContent().strip(), properties);
    }

    private static String interpolate(String value, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int open = value.indexOf("${", i);
            int close = open < 0 ? -1 : value.indexOf('}', open);
            if (open < 0 || close < 0) {
                sb.append(value, i, value.length());
                break;
            }
            String key = value.substring(open + 2, close);
            String replacement = properties.get(key);
            sb.append(value, i, open).append(replacement == null ? value.substring(open, close + 1) : replacement);
            i = close + 1;
        }
        return sb.toString();
    }
}
