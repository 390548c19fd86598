"""install.sh as a user meets it: clear one-line errors, harmless re-runs, --uninstall."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTALL = os.path.join(ROOT, "install.sh")


def run_install(args=(), env=None):
    return subprocess.run(["bash", INSTALL, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def bare_path_without(*missing):
    """A PATH directory with the usual tools but without the named commands."""
    d = tempfile.mkdtemp()
    for tool in ("bash", "sh", "dirname", "readlink", "awk", "cut", "mktemp", "rm", "cat", "sed", "chmod",
                 "java", "mvn", "python3"):
        found = shutil.which(tool)
        if found and tool not in missing:
            os.symlink(found, os.path.join(d, tool))
    return d


def test_missing_java_is_one_clear_line():
    path = bare_path_without("java")
    r = run_install(env={"PATH": path, "JAVA_HOME": ""})
    assert r.returncode != 0
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and "Java 17" in lines[0], r.stderr


def test_missing_maven_and_python_are_one_clear_line():
    r = run_install(env={"PATH": bare_path_without("mvn")})
    assert r.returncode != 0 and "Maven" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    r = run_install(env={"PATH": bare_path_without("python3")})
    assert r.returncode != 0 and "Python 3" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_unknown_option_is_one_line():
    r = run_install(["--frobnicate"])
    assert r.returncode != 0 and "unknown option" in r.stderr


def jdk_majors():
    """Major versions of the JDKs with JShell in /usr/lib/jvm and on PATH."""
    javas = {os.path.realpath(p) for p in glob.glob("/usr/lib/jvm/*/bin/java")}
    if shutil.which("java"):
        javas.add(os.path.realpath(shutil.which("java")))
    for java in javas:
        out = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
        modules = subprocess.run([java, "--list-modules"], capture_output=True, text=True).stdout
        if "jdk.jshell@" in modules:
            for line in out.splitlines():
                if "java.specification.version" in line:
                    yield line.split("=")[1].strip().split(".")[0]


def test_a_kernel_java_that_is_no_jdk_is_one_line():
    r = run_install(env={"BROKERBOOK_KERNEL_JAVA": shutil.which("true"), "BROKERBOOK_SKIP_BUILD": "1"})
    assert r.returncode != 0
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and "is not a JDK 17+ with JShell" in lines[0], r.stderr


def test_install_twice_then_uninstall():
    with tempfile.TemporaryDirectory() as data:
        env = {"JUPYTER_DATA_DIR": data, "BROKERBOOK_SKIP_BUILD": "1", "BROKERBOOK_SKIP_CDS": "1",
               "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
        for _ in range(2):
            r = run_install(env=env)
            assert r.returncode == 0, r.stderr
        chosen = [l for l in r.stdout.splitlines() if l.startswith("The kernel runs with Java ")]
        assert len(chosen) == 1, r.stdout
        major, java = chosen[0][len("The kernel runs with Java "):].split(" (")[0].split(": ")
        newest = max(int(v) for v in jdk_majors())
        assert int(major) == newest, (chosen, newest)
        with open(os.path.join(data, "kernels", "brokerbook", "brokerbook-kernel")) as f:
            launcher = f.read()
        assert f'JAVA="{java}"' in launcher
        archive = f"brokerbook-java{major}." + ("aot" if int(major) >= 25 else "jsa")
        assert archive in launcher and ("-XX:AOTCache=" if int(major) >= 25 else "-XX:SharedArchiveFile=") in launcher
        spec = os.path.join(data, "kernels", "brokerbook", "kernel.json")
        with open(spec) as f:
            k = json.load(f)
        assert k["display_name"] == "Java (Brokerbook)" and k["language"] == "java"
        assert k["interrupt_mode"] == "message"
        r = run_install(["--uninstall"], env=env)
        assert r.returncode == 0 and not os.path.exists(spec)
