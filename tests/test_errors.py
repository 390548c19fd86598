"""Errors in the user's terms: no JShell wrapper names, no empty "location: class", cell frames first."""
from conftest import Kernel

WRAPPER = "$JShell$"


def error(kernel: Kernel, code):
    r = kernel.execute(code)
    assert r.status == "error", r.reply["content"]
    c = r.reply["content"]
    assert r.error == {k: c[k] for k in ("ename", "evalue", "traceback")}
    return c


def test_null_pointer_names_the_variable(kernel: Kernel):
    c = error(kernel, "Object o = null;\no.toString()")
    assert c["ename"] == "java.lang.NullPointerException"
    assert c["evalue"] == 'Cannot invoke "Object.toString()" because "o" is null'
    assert WRAPPER not in "\n".join(c["traceback"])


def test_null_pointer_inside_a_method_names_the_local(kernel: Kernel):
    c = error(kernel, "int len(String s) {\n  String t = s;\n  return t.length();\n}\nlen(null)")
    assert c["evalue"] == 'Cannot invoke "String.length()" because "t" is null'
    tb = c["traceback"]
    assert tb[1].strip().startswith("at len (cell [") and tb[1].endswith("line 3)"), tb
    assert tb[2].strip().startswith("at cell [") and tb[2].endswith("line 5"), tb


def test_compile_error_has_no_empty_location(kernel: Kernel):
    c = error(kernel, "int x = undefinedVar + 1;")
    assert c["ename"] == "CompilationError"
    assert c["evalue"] == "cannot find symbol: variable undefinedVar"
    tb = "\n".join(c["traceback"])
    assert "location: class" not in tb and WRAPPER not in tb
    assert "symbol:   variable undefinedVar" in tb and "^" in tb


def test_user_classes_are_named_as_written(kernel: Kernel):
    kernel.ok("class MyEx extends RuntimeException { MyEx(String m) { super(m); } }\n"
              "class Box { }")
    c = error(kernel, 'throw new MyEx("mine");')
    assert c["ename"] == "MyEx" and c["evalue"] == "mine"
    cast = error(kernel, "Object b = new Box();\nInteger i = (Integer) b;")
    assert cast["evalue"].startswith("class Box cannot be cast to class java.lang.Integer")
    assert WRAPPER not in cast["evalue"] and "jdk.jshell" not in cast["evalue"]


def test_cell_frames_first_then_library_frames_without_the_kernel(kernel: Kernel):
    kernel.ok("int parse(String s) {\n  return Integer.parseInt(s);\n}")
    c = error(kernel, 'List.of("1", "x").stream()\n  .map(s -> parse(s))\n  .toList()')
    tb = c["traceback"]
    assert tb[0] == 'java.lang.NumberFormatException: For input string: "x"'
    assert tb[1].strip().startswith("at parse (cell [") and tb[1].endswith("line 2)"), tb
    user_lines = [i for i, line in enumerate(tb) if "(cell [" in line or line.strip().startswith("at cell [")]
    thrown = tb.index("  thrown in library code:")
    assert max(user_lines) < thrown, tb
    assert any("java.lang.Integer.parseInt" in line for line in tb[thrown:])
    assert any("frames in java.util.stream" in line for line in tb[:thrown]), tb
    text = "\n".join(tb)
    for internal in ("io.brokerbook", "jdk.jshell", "jdk.internal", "java.lang.reflect", WRAPPER, "do_it"):
        assert internal not in text, (internal, tb)


def test_a_failing_toString_of_the_result_is_the_users_error(kernel: Kernel):
    kernel.ok('class Loud { public String toString() { throw new IllegalStateException("no text"); } }')
    c = error(kernel, "new Loud()")
    assert c["ename"] == "java.lang.IllegalStateException" and c["evalue"] == "no text"
    assert any("Loud.toString (cell [" in line for line in c["traceback"]), c["traceback"]
    assert kernel.ok("1 + 1").result_text == "2"
