"""%time / %%time, %load FILE (.jsh or .java) and %vars, through a real Jupyter client."""
import os
import re
import tempfile

from conftest import Kernel

TIMES = re.compile(r"CPU times: user (\S+ \S+), sys (\S+ \S+), total (\S+ \S+)\nWall time: (\S+) (s|ms|µs|ns)\n")


def seconds(value, unit):
    return float(value) * {"s": 1, "ms": 1e-3, "µs": 1e-6, "ns": 1e-9}[unit]


def test_time_a_line_prints_cpu_and_wall_time_and_keeps_the_value(kernel: Kernel):
    r = kernel.ok("%time Thread.sleep(300)")
    m = TIMES.fullmatch(r.stdout)
    assert m, r.stdout
    assert 0.3 <= seconds(m.group(4), m.group(5)) < 5, r.stdout
    value = kernel.ok("%time 6 * 7")
    assert value.result_text == "42" and TIMES.fullmatch(value.stdout)


def test_time_counts_cpu_of_a_busy_loop(kernel: Kernel):
    r = kernel.ok("%time long spin = 0; for (long i = 0; i < 400_000_000L; i++) { spin += i % 7; }")
    m = TIMES.fullmatch(r.stdout)
    assert m, r.stdout
    total = m.group(3).split()
    assert seconds(*total) > 0.02, r.stdout  # the loop ran on a CPU; a sleep would not count
    assert kernel.ok("spin > 0").result_text == "true"  # a declaration under %time stays declared


def test_cell_time_runs_java_and_magics_and_shows_the_last_value(kernel: Kernel):
    r = kernel.ok('%%time\nint a = 20;\nSystem.out.println("inside");\n%help vars\na + 22')
    assert r.result_text == "42"
    assert r.stdout.startswith("inside\n%vars")
    assert TIMES.search(r.stdout), r.stdout


def test_time_errors_point_at_the_cell_line(kernel: Kernel):
    r = kernel.execute("%%time\nint ok = 1;\nint bad = 1 / 0;")
    assert r.status == "error"
    assert any("line 3" in line for line in r.reply["content"]["traceback"]), r.reply["content"]["traceback"]
    bare = kernel.execute("%time")
    assert bare.status == "error" and "%time needs code" in bare.reply["content"]["evalue"]
    assert "%time" in kernel.ok("%time --help").stdout


def test_load_a_java_file_with_a_package(kernel: Kernel):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "Greeter.java")
        with open(path, "w") as f:
            f.write("package demo.greet;\n\nimport java.util.Locale;\n\n"
                    "public class Greeter {\n"
                    "    public static String hi(String name) { return \"hi \" + name.toUpperCase(Locale.ROOT); }\n"
                    "}\n")
        r = kernel.ok(f"%load {path}")
        assert r.stdout == "" and r.of("execute_result") == []
        assert kernel.ok('Greeter.hi("ana")').result_text == "hi ANA"


def test_load_a_script_keeps_its_definitions_and_shows_its_last_value(kernel: Kernel):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "setup.jsh")
        with open(path, "w") as f:
            f.write("int loadedBase = 40;\nint plusTwo(int x) { return x + 2; }\nplusTwo(loadedBase)\n")
        assert kernel.ok(f"%load {path}").result_text == "42"
        assert kernel.ok("plusTwo(1)").result_text == "3"


def test_load_errors_name_the_file_and_line(kernel: Kernel):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "broken.jsh")
        with open(path, "w") as f:
            f.write("int fine = 1;\nString wrong = 42;\n")
        r = kernel.execute(f"%load {path}")
        assert r.status == "error"
        assert "Compile error at broken.jsh, line 2" in "\n".join(r.reply["content"]["traceback"])
        cmd = os.path.join(tmp, "cmd.jsh")
        with open(cmd, "w") as f:
            f.write("/open other.jsh\n")
        r = kernel.execute(f"%load {cmd}")
        assert r.status == "error" and "JShell command (/open)" in r.reply["content"]["evalue"]
        for bad, expected in ((f"{tmp}/none.jsh", "no file"), ("notes.txt", ".jsh scripts and .java files"),
                              ("", "%load needs a file")):
            r = kernel.execute(f"%load {bad}")
            assert r.status == "error" and expected in r.reply["content"]["evalue"], r.reply["content"]
            assert len(r.reply["content"]["traceback"]) == 1


def test_vars_lists_the_users_variables_as_a_table(fresh_kernel: Kernel):
    k = fresh_kernel
    assert "No variables yet" in k.ok("%vars").stdout
    k.ok('int count = 3;\nString name = "ana";\nList<Integer> nums = List.of(1, 2, 3);\nint[] arr = {4, 5};\n'
         'String longText = "x".repeat(500);\n6 * 7')
    d = k.ok("%vars").of("display_data")[0]["content"]["data"]
    lines = d["text/plain"].splitlines()
    assert lines[0].split() == ["NAME", "TYPE", "VALUE"]
    rows = {line.split()[0]: line.split(None, 2) for line in lines[1:]}
    assert rows["count"] == ["count", "int", "3"]
    assert rows["name"] == ["name", "String", "ana"]
    assert rows["nums"][1:] == ["List<Integer>", "[1, 2, 3]"]
    assert rows["arr"][1:] == ["int[]", "[4, 5]"]
    assert len(rows["longText"][2]) == 60 and rows["longText"][2].endswith("…")
    for hidden in ("kafka", "redis", "lb", "$notebook", "$1"):
        assert hidden not in rows, hidden
    assert "<th>TYPE</th>" in d["text/html"]
