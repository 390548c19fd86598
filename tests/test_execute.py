"""execute_request: values, state, streams, errors, flags, stdin."""
import os
import threading
import time

from conftest import JDK17, Kernel, require_tool, start_kernel, stop_kernel


def test_trailing_expression_is_the_result(kernel: Kernel):
    r = kernel.ok("6 * 7")
    assert r.result_text == "42"
    assert r.of("execute_result")[0]["content"]["execution_count"] == r.reply["content"]["execution_count"]


def test_state_persists_and_definitions_can_change(kernel: Kernel):
    kernel.ok("import java.util.function.*;\nint base = 10;\nint twice(int x) { return 2 * x; }")
    assert kernel.ok("twice(base)").result_text == "20"
    kernel.ok("int twice(int x) { return 3 * x; }")  # redefinition
    assert kernel.ok("twice(base)").result_text == "30"
    kernel.ok("record Point(int x, int y) { int sum() { return x + y; } }")
    assert kernel.ok("new Point(2, 3).sum()").result_text == "5"
    kernel.ok("class Box { String v = \"a\"; }")
    kernel.ok("class Box { String v = \"b\"; }")
    assert kernel.ok("new Box().v").result_text == "b"
    assert kernel.ok("Function<Integer, Integer> inc = i -> i + 1; inc.apply(base)").result_text == "11"


def test_statements_without_value_have_no_result(kernel: Kernel):
    r = kernel.ok("int unused = 3;")
    assert r.of("execute_result") == []


def test_stdout_and_stderr_in_order(kernel: Kernel):
    r = kernel.ok('System.out.println("one"); System.err.println("two"); System.out.println("three");')
    streams = [(m["content"]["name"], m["content"]["text"]) for m in r.of("stream")]
    joined = [(n, t) for n, t in streams]
    assert "".join(t for _, t in joined) == "one\ntwo\nthree\n"
    assert [n for n, _ in joined] == ["stdout", "stderr", "stdout"]


def test_output_is_streamed_while_the_cell_runs(kernel: Kernel):
    msg_id = kernel.kc.execute(
        'for (int i = 0; i < 5; i++) { System.out.println("tick " + i); Thread.sleep(500); }')
    arrivals = []
    while True:
        m = kernel.kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "stream":
            arrivals.append((time.time(), m["content"]["text"]))
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    kernel.shell_reply(msg_id)
    assert "".join(t for _, t in arrivals) == "".join(f"tick {i}\n" for i in range(5))
    assert len(arrivals) >= 4, arrivals
    assert arrivals[-1][0] - arrivals[0][0] >= 1.5, "output arrived all at once"


def test_background_thread_output_after_the_cell_ended(kernel: Kernel):
    r = kernel.ok('new Thread(() -> { try { Thread.sleep(1500); } catch (Exception e) {} '
                  'System.out.println("late hello"); }).start();')
    cell_id = r.reply["parent_header"]["msg_id"]
    deadline = time.time() + 30
    late = []
    while time.time() < deadline and not late:
        late = [m for m in kernel.stray if m["msg_type"] == "stream" and "late hello" in m["content"]["text"]]
        if not late:
            try:
                kernel.stray.append(kernel.kc.get_iopub_msg(timeout=0.5))
            except Exception:
                pass
    assert late, "output of a background thread was dropped"
    assert late[0]["parent_header"]["msg_id"] == cell_id


def stderr_of_cell_after_it_ended(kernel: Kernel, cell_id, expected, timeout=30):
    """What the threads of cell `cell_id` wrote to stderr once `expected` is in it (read from iopub after the cell)."""
    deadline = time.time() + timeout
    while True:
        err = "".join(m["content"]["text"] for m in kernel.stray if m["msg_type"] == "stream"
                      and m["content"]["name"] == "stderr" and m["parent_header"].get("msg_id") == cell_id)
        if expected in err or time.time() > deadline:
            return err
        try:
            kernel.stray.append(kernel.kc.get_iopub_msg(timeout=0.5))
        except Exception:  # queue.Empty
            pass


JSHELL_AND_KERNEL_NAMES = ("$JShell$", "REPL.", "io.brokerbook", "jdk.jshell", "jdk.internal", "java.lang.reflect")


def test_an_exception_ending_a_thread_is_shown_as_java_does_in_user_terms(kernel: Kernel):
    kernel.ok('class Boom extends RuntimeException { Boom(String m) { super(m); } }\n'
              'void explode(String why) {\n    throw new Boom(why);\n}')
    # the thread ends while its cell waits for it: the trace is that cell's stderr
    r = kernel.ok('Thread t = new Thread(() -> explode("x"), "bg-boom");\nt.start();\nt.join();\nint after = 1;')
    print(f"\nstderr of the cell:\n{r.stderr}")
    lines = r.stderr.splitlines()
    assert lines[0] == 'Exception in thread "bg-boom" Boom: x', r.stderr
    assert lines[1].startswith("    at explode (cell [") and lines[1].endswith("], line 3)"), r.stderr
    assert lines[2].startswith("    at lambda (cell [") and lines[2].endswith("], line 1)"), r.stderr
    assert len(lines) == 3, r.stderr
    for name in JSHELL_AND_KERNEL_NAMES:
        assert name not in r.stderr, name

    # a thread that ends after its cell: the trace goes to the cell that started it
    r = kernel.ok('new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { }\n'
                  '    throw new RuntimeException("late"); }, "bg-late").start();')
    assert r.stderr == "", r.stderr
    err = stderr_of_cell_after_it_ended(kernel, r.reply["parent_header"]["msg_id"], "late")
    assert err.splitlines()[:2] == ['Exception in thread "bg-late" java.lang.RuntimeException: late',
                                    f'    at lambda (cell [{r.reply["content"]["execution_count"]}], line 2)'], err
    for name in JSHELL_AND_KERNEL_NAMES:
        assert name not in err, name

    # the kernel is usable: state kept, cells run, a cell's own error is still that cell's error
    assert kernel.ok("after + 41").result_text == "42"
    assert kernel.execute('explode("in the cell")').reply["content"]["ename"] == "Boom"


def test_a_lab_exception_ending_a_thread_is_its_one_line(kernel: Kernel):
    r = kernel.ok('Thread lab = new Thread(() -> { throw new io.brokerbook.cluster.lab.LabException('
                  '"No lab here: run %lab status to see what runs."); }, "bg-lab");\nlab.start();\nlab.join();')
    assert r.stderr == 'Exception in thread "bg-lab": No lab here: run %lab status to see what runs.\n', r.stderr


def test_threads_errors_are_shown_on_jdk_17_too():
    """JShell hides them differently there (its default handler, not its thread group): the same lines come out."""
    require_tool(os.path.exists(JDK17), f"no JDK 17 at {JDK17}")
    k = start_kernel({"BROKERBOOK_JAVA": JDK17})
    try:
        assert k.ok("Runtime.version().feature()").result_text == "17"
        r = k.ok('Thread t = new Thread(() -> { throw new RuntimeException("x"); }, "bg-17");\nt.start();\nt.join();')
        assert r.stderr == ('Exception in thread "bg-17" java.lang.RuntimeException: x\n'
                            f'    at lambda (cell [{r.reply["content"]["execution_count"]}], line 1)\n'), r.stderr
        assert k.ok("6 * 7").result_text == "42"
    finally:
        stop_kernel(k)


def test_runtime_error_points_at_the_user_line(kernel: Kernel):
    r = kernel.execute("int a = 1;\nint b = 0;\nint c = a / b;")
    assert r.status == "error"
    c = r.reply["content"]
    assert c["ename"] == "java.lang.ArithmeticException"
    assert c["evalue"] == "/ by zero"
    tb = "\n".join(c["traceback"])
    assert "line 3" in tb
    for internal in ("io.brokerbook", "jdk.jshell", "jdk.internal", "java.lang.reflect"):
        assert internal not in tb
    assert r.error["ename"] == c["ename"]


def test_error_inside_a_method_shows_both_lines(kernel: Kernel):
    kernel.ok("int boom(int x) {\n  return 10 / x;\n}")
    r = kernel.execute('System.out.println("before");\nboom(0);')
    assert r.status == "error"
    tb = "\n".join(r.reply["content"]["traceback"])
    assert "boom" in tb and "line 2" in tb
    assert r.stdout == "before\n"


def test_compile_error_shows_diagnostic_and_code(kernel: Kernel):
    r = kernel.execute('int ok = 1;\nString s = 42;')
    assert r.status == "error"
    c = r.reply["content"]
    assert c["ename"] == "CompilationError"
    assert "incompatible types" in c["evalue"]
    tb = "\n".join(c["traceback"])
    assert "line 2" in tb and "String s = 42;" in tb and "^" in tb


def test_execution_count_and_store_history(fresh_kernel: Kernel):
    k = fresh_kernel
    first = k.ok("1 + 1").reply["content"]["execution_count"]
    same = k.ok("2 + 2", store_history=False).reply["content"]["execution_count"]
    nxt = k.ok("3 + 3").reply["content"]["execution_count"]
    assert same == first and nxt == first + 1
    hist = k.request("shell", "history_request", {"hist_access_type": "tail", "n": 10, "output": False, "raw": True})
    inputs = [e[2] for e in hist["content"]["history"]]
    assert "2 + 2" not in inputs and "3 + 3" in inputs


def test_the_prelude_imports_are_there_from_the_first_cell(fresh_kernel: Kernel):
    # all but the first import are made when code first mentions a name they import (or after the first cell)
    k = fresh_kernel
    assert k.ok("Table.create(\"t\").name() + Duration.ofSeconds(2).toMillis()").result_text == "t2000"
    assert k.ok("new BigDecimal(\"1.5\").scale()").result_text == "1"


def test_the_prelude_imports_are_made_after_a_first_cell_that_needs_none(fresh_kernel: Kernel):
    k = fresh_kernel
    assert k.ok("1 + 1").result_text == "2"
    k.ok("int n = 3")
    assert k.ok("html(\"<b>x</b>\")").result_text == "<HTML: <b>x</b>>"
    assert k.ok("Stream.of(1, 2).map(i -> i * n).toList()").result_text == "[3, 6]"


def test_silent_runs_but_publishes_nothing(kernel: Kernel):
    r = kernel.execute('int silentVar = 41; System.out.println("hidden"); silentVar', silent=True)
    assert r.status == "ok"
    assert r.messages == [], r.messages
    assert kernel.ok("silentVar + 1").result_text == "42"


def test_user_expressions(kernel: Kernel):
    r = kernel.ok("int ue = 5;", user_expressions={"double": "ue * 2", "bad": "nope + 1"})
    ue = r.reply["content"]["user_expressions"]
    assert ue["double"]["status"] == "ok" and ue["double"]["data"]["text/plain"] == "10"
    assert ue["bad"]["status"] == "error"


def test_stop_on_error_aborts_queued_cells(kernel: Kernel):
    ids = [kernel.kc.execute("Thread.sleep(300); throw new IllegalStateException(\"stop\");"),
           kernel.kc.execute("int neverRuns = 1;"),
           kernel.kc.execute("int neverRuns2 = 2;")]
    replies = [kernel.shell_reply(i) for i in ids]
    for i in ids:
        kernel.collect(i)
    assert [r["content"]["status"] for r in replies] == ["error", "aborted", "aborted"]
    r = kernel.execute("neverRuns")
    assert r.status == "error"  # the aborted cell did not define it


def test_stop_on_error_false_keeps_going(kernel: Kernel):
    ids = [kernel.kc.execute("Thread.sleep(300); throw new IllegalStateException(\"go on\");", stop_on_error=False),
           kernel.kc.execute("int runsAnyway = 7;")]
    replies = [kernel.shell_reply(i) for i in ids]
    for i in ids:
        kernel.collect(i)
    assert [r["content"]["status"] for r in replies] == ["error", "ok"]
    assert kernel.ok("runsAnyway").result_text == "7"


def test_stdin_input_request(kernel: Kernel):
    msg_id = kernel.kc.execute('String line = new java.util.Scanner(System.in).nextLine(); '
                               'System.out.println("got " + line);', allow_stdin=True)
    req = kernel.kc.get_stdin_msg(timeout=30)
    assert req["msg_type"] == "input_request"
    kernel.kc.input("forty two")
    assert kernel.shell_reply(msg_id)["content"]["status"] == "ok"
    out = kernel.collect(msg_id)
    assert "got forty two" in "".join(m["content"].get("text", "") for m in out)


def test_stdin_not_allowed_is_a_clear_error(kernel: Kernel):
    r = kernel.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=False, timeout=20)
    assert r.status == "error"
    assert "allow_stdin" in r.reply["content"]["evalue"]


def test_parallel_stream_output_goes_to_the_running_cell(kernel: Kernel):
    kernel.ok("java.util.stream.IntStream.range(0, 64).parallel().map(i -> i * 2).sum()")
    r = kernel.ok("java.util.stream.IntStream.range(0, 8).parallel().forEach(i -> System.out.println(\"p\" + i));")
    assert sorted(r.stdout.split()) == sorted(f"p{i}" for i in range(8))


def test_trailing_semicolon_shows_no_result(kernel: Kernel):
    r = kernel.ok('System.out.printf("x%n");')
    assert r.of("execute_result") == [] and r.stdout == "x\n"
    assert kernel.ok("6 * 7;").of("execute_result") == []
    assert kernel.ok("6 * 7").result_text == "42"


def test_imports_in_one_cell_keep_every_variable(kernel: Kernel):
    kernel.ok("String survivor = \"still here\";")
    kernel.ok("import java.util.concurrent.atomic.*;\nimport java.util.regex.*;\n\nint afterImports = 1;")
    assert kernel.ok("survivor").result_text == "still here"
    assert kernel.ok("redis != null && $notebook != null").result_text == "true"
