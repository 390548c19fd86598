"""%maven, %mavenRepo and %%loadFromPOM through a real kernel: file:// repositories the test builds (real classes
made with javac, poms with a transitive dependency), settings.xml honoured (mirrors, offline), clashes with the
kernel's own jars, one-line failures; and one artifact from the configured repository when it is reachable."""
import hashlib
import os
import socket
import subprocess
import textwrap
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from conftest import start_kernel, stop_kernel

TIMEOUT = 180


def publish(repo, group, artifact, version, sources=None, deps=(), classpath=()):
    """Writes GROUP:ARTIFACT:VERSION into the file repository `repo`: a pom with `deps` and a jar of `sources`."""
    d = os.path.join(repo, *group.split("."), artifact, version)
    os.makedirs(d, exist_ok=True)
    dep_xml = "".join(f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>"
                      f"</dependency>" for g, a, v in (x.split(":") for x in deps))
    with open(os.path.join(d, f"{artifact}-{version}.pom"), "w") as f:
        f.write(f'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
                f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>"
                f"<dependencies>{dep_xml}</dependencies></project>")
    work = os.path.join(repo, "..", "build", artifact + "-" + version)
    classes = os.path.join(work, "classes")
    meta = os.path.join(classes, "META-INF", "maven", group, artifact)
    os.makedirs(meta, exist_ok=True)
    with open(os.path.join(meta, "pom.properties"), "w") as f:
        f.write(f"groupId={group}\nartifactId={artifact}\nversion={version}\n")
    if sources:
        files = []
        for name, code in sources.items():
            path = os.path.join(work, "src", name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(code)
            files.append(path)
        cp = os.pathsep.join(classpath) if classpath else "."
        subprocess.run(["javac", "--release", "17", "-cp", cp, "-d", classes, *files], check=True)
    jar = os.path.join(d, f"{artifact}-{version}.jar")
    subprocess.run(["jar", "cf", jar, "-C", classes, "."], check=True)
    for published in (jar, os.path.join(d, f"{artifact}-{version}.pom")):  # checksums, as a real repository has
        with open(published, "rb") as f, open(published + ".sha1", "w") as out:
            out.write(hashlib.sha1(f.read()).hexdigest())
    return jar


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_settings(home, mirror_url=None, offline=False):
    m2 = os.path.join(home, ".m2")
    os.makedirs(m2, exist_ok=True)
    mirror = (f"<mirrors><mirror><id>test-mirror</id><mirrorOf>central</mirrorOf><url>{mirror_url}</url>"
              f"</mirror></mirrors>") if mirror_url else ""
    with open(os.path.join(m2, "settings.xml"), "w") as f:
        f.write(f"<settings><offline>{'true' if offline else 'false'}</offline>{mirror}</settings>")


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    root = tmp_path_factory.mktemp("maven")
    mirror = str(root / "mirror")
    extra = str(root / "extra")
    words = publish(mirror, "com.example", "words", "1.0",
                    {"demo/words/Words.java": "package demo.words; public class Words { "
                                              "public static String word() { return \"hola\"; } }"})
    publish(mirror, "com.example", "greeting", "1.0",
            {"demo/greeting/Greeting.java": "package demo.greeting; public class Greeting { public static String "
                                            "hello(String n) { return demo.words.Words.word() + \" \" + n; } }"},
            deps=["com.example:words:1.0"], classpath=[words])
    publish(mirror, "org.apache.kafka", "kafka-clients", "3.7.0")
    publish(mirror, "com.example", "old-kafka-app", "1.0",
            {"demo/old/OldApp.java": "package demo.old; public class OldApp { public static int answer() { return 42; } }"},
            deps=["org.apache.kafka:kafka-clients:3.7.0"])
    publish(mirror, "com.example", "never-downloaded", "1.0")
    publish(mirror, "com.example", "pomlib", "2.0",
            {"demo/pom/PomLib.java": "package demo.pom; public class PomLib { public static String v() { return \"2.0\"; } }"})
    publish(extra, "com.example", "extra", "1.0",
            {"demo/extra/Extra.java": "package demo.extra; public class Extra { public static String x() { return \"x\"; } }"})
    home = str(root / "home")
    write_settings(home, mirror_url="file://" + mirror)
    return {"mirror": mirror, "extra": extra, "home": home}


@pytest.fixture(scope="module")
def mk(repos):
    k = start_kernel(env={"BROKERBOOK_JAVA_OPTS": f"-Duser.home={repos['home']}"})
    yield k
    stop_kernel(k)


def one_line_error(r, contains):
    assert r.status == "error", (r.stdout, r.stderr)
    line = r.reply["content"]["evalue"]
    assert contains in line, line
    assert "\n" not in line and r.reply["content"]["traceback"] == [line]
    return line


def test_maven_resolves_through_the_settings_mirror_with_its_transitive_dependency(mk, repos):
    r = mk.ok("%maven com.example:greeting:1.0", timeout=TIMEOUT)
    assert "Added 2 jars to the classpath:" in r.stdout, r.stdout
    assert "com.example:greeting:1.0" in r.stdout and "com.example:words:1.0" in r.stdout
    assert mk.ok('demo.greeting.Greeting.hello("ana")').result_text == "hola ana"
    local = os.path.join(repos["home"], ".m2", "repository", "com", "example", "greeting", "1.0", "greeting-1.0.jar")
    assert os.path.isfile(local), "the settings' local repository (user.home/.m2/repository) was not used"
    shown = [m["content"]["data"]["text/plain"] for m in r.messages
             if m["msg_type"] in ("display_data", "update_display_data")]
    assert shown and shown[-1].startswith("Downloaded "), shown  # the progress line ends as a summary
    again = mk.ok("%maven com.example:greeting:1.0")
    assert "Nothing new to add" in again.stdout


def test_maven_repo_adds_a_repository(mk, repos):
    miss = mk.execute("%maven com.example:extra:1.0", timeout=TIMEOUT)
    one_line_error(miss, "com.example:extra:1.0 was not found in central (https://repo.maven.apache.org/maven2/)")
    mk.ok(f"%mavenRepo extra file://{repos['extra']}")
    assert f"extra  file://{repos['extra']}" in mk.ok("%mavenRepo").stdout
    mk.ok("%maven com.example:extra:1.0", timeout=TIMEOUT)
    assert mk.ok("demo.extra.Extra.x()").result_text == "x"


def test_a_clash_with_the_kernels_jars_is_one_line_naming_both_versions(mk):
    r = mk.ok("%maven com.example:old-kafka-app:1.0", timeout=TIMEOUT)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "org.apache.kafka:kafka-clients 3.7.0" in lines[0] and "kafka-clients 4.1.1" in lines[0], lines[0]
    assert "Added 1 jar" in r.stdout
    assert mk.ok("demo.old.OldApp.answer()").result_text == "42"
    direct = mk.execute("%maven org.apache.kafka:kafka-clients:3.7.0", timeout=TIMEOUT)
    one_line_error(direct, "clashes with the kernel's kafka-clients 4.1.1")


def test_bad_coordinates_are_one_line(mk):
    one_line_error(mk.execute("%maven guava"), "Bad coordinates 'guava': write GROUP:ARTIFACT:VERSION")
    one_line_error(mk.execute("%maven"), "%maven needs coordinates")
    one_line_error(mk.execute("%mavenRepo x ftp://nowhere"), "use an http://, https:// or file:// URL")


def test_load_from_pom(mk):
    r = mk.ok(textwrap.dedent("""\
        %%loadFromPOM
        <dependencies>
          <dependency><groupId>com.example</groupId><artifactId>pomlib</artifactId><version>${v}</version></dependency>
          <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
            <version>5.11.4</version><scope>test</scope></dependency>
        </dependencies>
        <properties><v>2.0</v></properties>"""), timeout=TIMEOUT)
    assert "Left out org.junit.jupiter:junit-jupiter:5.11.4 (scope test)" in r.stdout
    assert "com.example:pomlib:2.0" in r.stdout
    assert mk.ok("demo.pom.PomLib.v()").result_text == "2.0"
    one_line_error(mk.execute("%%loadFromPOM\n<dependency><groupId>a</groupId>"), "not well-formed XML")


def test_classpath_lists_the_jars_maven_and_load_from_pom_added(mk, repos):
    mk.ok("%maven com.example:greeting:1.0", timeout=TIMEOUT)  # already added by an earlier test: nothing new
    mk.ok("%%loadFromPOM\n<dependencies><dependency><groupId>com.example</groupId><artifactId>pomlib</artifactId>"
          "<version>2.0</version></dependency></dependencies>", timeout=TIMEOUT)
    listed = mk.ok("%classpath").stdout.splitlines()
    local = os.path.join(repos["home"], ".m2", "repository", "com", "example")
    expected = {
        "greeting": ("1.0", "%maven com.example:greeting:1.0"),
        "words": ("1.0", "%maven com.example:words:1.0, a dependency of com.example:greeting:1.0"),
        "pomlib": ("2.0", "%%loadFromPOM com.example:pomlib:2.0"),
    }
    for artifact, (version, added_by) in expected.items():
        jar = os.path.join(local, artifact, version, f"{artifact}-{version}.jar")
        assert listed.count(f"{jar}  ({added_by})") == 1, (jar, listed)


def test_settings_offline_and_an_unreachable_mirror(mk, repos):
    try:
        write_settings(repos["home"], mirror_url=f"http://127.0.0.1:{closed_port()}/maven2/")
        line = one_line_error(mk.execute("%maven com.example:never-downloaded:1.0", timeout=TIMEOUT),
                              "Could not reach test-mirror (http://127.0.0.1:")
        assert "settings.xml" in line
        write_settings(repos["home"], mirror_url="file://" + repos["mirror"], offline=True)
        one_line_error(mk.execute("%maven com.example:never-downloaded:1.0", timeout=TIMEOUT), "Maven is offline")
        assert "Nothing new to add" in mk.ok("%maven com.example:greeting:1.0").stdout  # from the local repository
    finally:
        write_settings(repos["home"], mirror_url="file://" + repos["mirror"])


def configured_repository():
    """The URL %maven fetches central's artifacts from: a mirror of central in ~/.m2/settings.xml, else central."""
    settings = os.path.expanduser("~/.m2/settings.xml")
    if os.path.isfile(settings):
        root = ET.parse(settings).getroot()
        for mirror in root.iter():
            if mirror.tag.endswith("mirror"):
                of = next((c.text for c in mirror if c.tag.endswith("mirrorOf")), "")
                url = next((c.text for c in mirror if c.tag.endswith("url")), None)
                if url and of and ("*" in of or "central" in of):
                    return url
    return "https://repo.maven.apache.org/maven2/"


def reachable(url):
    try:
        urllib.request.urlopen(urllib.request.Request(url.rstrip("/") + "/org/apache/commons/commons-text/maven-metadata.xml",
                                                      method="HEAD"), timeout=10)
        return True
    except Exception:
        return False


def test_an_artifact_from_the_configured_repository(tmp_path):
    url = configured_repository()
    if not reachable(url):
        if os.environ.get("CI") == "true":
            pytest.fail(f"the configured Maven repository {url} is not reachable")
        pytest.skip(f"the configured Maven repository {url} is not reachable from here")
    k = start_kernel(env={"BROKERBOOK_JAVA_OPTS": f"-Dmaven.repo.local={tmp_path / 'local'}"})
    try:
        r = k.ok("%maven org.apache.commons:commons-text:1.12.0", timeout=TIMEOUT)
        assert "org.apache.commons:commons-text:1.12.0" in r.stdout and "org.apache.commons:commons-lang3:" in r.stdout
        assert any(m["msg_type"] in ("display_data", "update_display_data") for m in r.messages)
        assert k.ok('org.apache.commons.text.WordUtils.capitalize("hola mundo")').result_text == "Hola Mundo"
    finally:
        stop_kernel(k)
