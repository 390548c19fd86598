"""The magics framework and the display API, seen from a notebook client."""
import os
import subprocess
import tempfile

from conftest import Kernel


def test_lsmagic_lists_every_magic_with_a_description(kernel: Kernel):
    r = kernel.ok("%lsmagic")
    d = r.of("display_data")[0]["content"]["data"]
    text = d["text/plain"]
    for name in ("%lsmagic", "%help", "%jars", "%classpath"):
        assert name in text
    assert "<table" in d["text/html"]


def test_help_and_dash_dash_help(kernel: Kernel):
    assert "%jars" in kernel.ok("%help jars").stdout
    assert "%jars" in kernel.ok("%jars --help").stdout
    assert "%jars" in kernel.ok("%help %jars").stdout


def test_unknown_magic_suggests_the_closest(kernel: Kernel):
    r = kernel.execute("%lsmagik")
    assert r.status == "error"
    line = r.reply["content"]["evalue"]
    assert "%lsmagic" in line and "\n" not in line
    assert r.reply["content"]["traceback"] == [line]


def test_magic_between_java_statements(kernel: Kernel):
    r = kernel.ok('int before = 1;\nSystem.out.println("a");\n%help lsmagic\nSystem.out.println("b" + before);\nbefore + 1')
    assert r.stdout.index("a\n") < r.stdout.index("%lsmagic") < r.stdout.index("b1")
    assert r.result_text == "2"


def test_bad_quoting_is_one_line(kernel: Kernel):
    r = kernel.execute("%help 'unclosed")
    assert r.status == "error" and "quote" in r.reply["content"]["evalue"]
    assert kernel.ok("1").result_text == "1"


def make_jar(tmp):
    src = os.path.join(tmp, "demo", "Greeter.java")
    os.makedirs(os.path.dirname(src))
    with open(src, "w") as f:
        f.write('package demo; public class Greeter { public static String hi(String n) { return "hi " + n; } }')
    subprocess.run(["javac", "--release", "17", "-d", os.path.join(tmp, "classes"), src], check=True)
    jar = os.path.join(tmp, "libs", "greeter.jar")
    os.makedirs(os.path.dirname(jar))
    subprocess.run(["jar", "cf", jar, "-C", os.path.join(tmp, "classes"), "."], check=True)
    return jar


def test_jars_glob_adds_to_the_classpath(kernel: Kernel):
    with tempfile.TemporaryDirectory() as tmp:
        make_jar(tmp)
        r = kernel.ok(f"%jars {tmp}/libs/*.jar")
        assert "greeter.jar" in r.stdout
        assert kernel.ok('demo.Greeter.hi("ana")').result_text == "hi ana"
        assert "greeter.jar" in kernel.ok("%classpath").stdout
        bad = kernel.execute(f"%jars {tmp}/nothing/*.jar")
        assert bad.status == "error" and "Nothing matches" in bad.reply["content"]["evalue"]


def test_display_api(kernel: Kernel):
    r = kernel.ok('display("plain text");\ndisplay(html("<b>bold</b>"));\ndisplay(markdown("# Title"));\n'
                  'display(svg("<svg xmlns=\\"http://www.w3.org/2000/svg\\"></svg>"));\ndisplay(42, "text/plain");')
    data = [m["content"]["data"] for m in r.of("display_data")]
    assert len(data) == 5, data
    assert data[0]["text/plain"] == "plain text"
    assert data[1]["text/html"] == "<b>bold</b>"
    assert data[2]["text/markdown"] == "# Title"
    assert "<svg" in data[3]["image/svg+xml"]
    assert data[4]["text/plain"] == "42"
    assert r.of("execute_result") == []  # a display handle is not echoed as a result


def test_display_handle_update(kernel: Kernel):
    r = kernel.ok('var h = display("step 1");\nh.update("step 2");')
    shown = r.of("display_data")[0]["content"]
    updated = r.of("update_display_data")[0]["content"]
    assert shown["transient"]["display_id"] == updated["transient"]["display_id"]
    assert updated["data"]["text/plain"] == "step 2"


def test_table_renders_as_html_and_aligned_text(kernel: Kernel):
    r = kernel.ok('Table t = Table.create("lag", StringColumn.create("GROUP", "g1", "group-two"), '
                  'IntColumn.create("LAG", 0, 12));\nt')
    data = r.of("execute_result")[0]["content"]["data"]
    assert "<th>GROUP</th>" in data["text/html"] and "<td>group-two</td>" in data["text/html"]
    assert data["text/plain"].splitlines() == ["GROUP      LAG", "g1         0", "group-two  12"]
