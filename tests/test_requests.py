"""Every non-execute request gets its reply, with the content the protocol asks for."""
import time

from conftest import Kernel


def test_kernel_info(kernel: Kernel):
    r = kernel.request("shell", "kernel_info_request", {})
    c = r["content"]
    assert c["status"] == "ok"
    assert tuple(int(x) for x in c["protocol_version"].split(".")) >= (5, 3)
    li = c["language_info"]
    assert li["name"] == "java"
    assert li["file_extension"] == ".java"
    assert li["mimetype"] and li["codemirror_mode"] and li["version"]
    assert c["implementation"] == "brokerbook"


def test_kernel_info_on_control(kernel: Kernel):
    assert kernel.request("control", "kernel_info_request", {})["content"]["language_info"]["name"] == "java"


def complete(kernel, code, cursor=None):
    cursor = len(code) if cursor is None else cursor
    return kernel.request("shell", "complete_request", {"code": code, "cursor_pos": cursor})["content"]


def test_complete_members_types_variables_and_magics(kernel: Kernel):
    kernel.ok('String greeting = "hola";')
    c = complete(kernel, "greeting.toUpp")
    assert c["status"] == "ok"
    assert any(m.startswith("toUpperCase") for m in c["matches"]), c
    assert c["cursor_start"] == len("greeting.") and c["cursor_end"] == len("greeting.toUpp")
    assert any(m.startswith("StringBuilder") for m in complete(kernel, "StringBui")["matches"])
    assert any(m.startswith("greeting") for m in complete(kernel, "int n = gree")["matches"])
    magic = complete(kernel, "%lsma")
    assert "lsmagic" in magic["matches"] and magic["cursor_start"] == 1
    # completion of the snippet the cursor is in, in a multi-statement cell
    c2 = complete(kernel, 'int a = 1;\nString s = "x";\ngreeting.isEm')
    assert any(m.startswith("isEmpty") for m in c2["matches"]), c2


def test_complete_counts_code_points(kernel: Kernel):
    kernel.ok('String ñandú = "🐦";')
    code = 'String pájaro = "🐦"; ñandú.toLowerC'
    c = complete(kernel, code)
    assert any(m.startswith("toLowerCase") for m in c["matches"]), c
    assert c["cursor_end"] == len(code)  # Python len counts code points, like the protocol


def test_inspect(kernel: Kernel):
    code = "Math.max(1, 2)"
    r = kernel.request("shell", "inspect_request", {"code": code, "cursor_pos": len("Math.max("), "detail_level": 0})
    c = r["content"]
    assert c["status"] == "ok" and c["found"] is True
    assert "max(" in c["data"]["text/plain"]
    nothing = kernel.request("shell", "inspect_request", {"code": "   ", "cursor_pos": 1})["content"]
    assert nothing["status"] == "ok" and nothing["found"] is False


def is_complete(kernel, code):
    return kernel.request("shell", "is_complete_request", {"code": code})["content"]


def test_is_complete(kernel: Kernel):
    assert is_complete(kernel, "int x = 1;")["status"] == "complete"
    inc = is_complete(kernel, "for (int i = 0; i < 3; i++) {")
    assert inc["status"] == "incomplete" and inc["indent"].strip() == "" and len(inc["indent"]) >= 4
    assert is_complete(kernel, "%kafka status")["status"] == "complete"
    assert is_complete(kernel, "int x = 1;\n)))")["status"] == "invalid"


def test_history_tail_range_search(fresh_kernel: Kernel):
    k = fresh_kernel
    k.ok("int h1 = 1;")
    k.ok("int h2 = 2;")
    k.ok("String h3 = \"three\";")
    tail = k.request("shell", "history_request", {"hist_access_type": "tail", "n": 2, "output": False, "raw": True})
    entries = tail["content"]["history"]
    assert [e[2] for e in entries] == ["int h2 = 2;", 'String h3 = "three";']
    rng = k.request("shell", "history_request",
                    {"hist_access_type": "range", "session": 0, "start": 2, "stop": 4, "output": False, "raw": True})
    assert [e[1] for e in rng["content"]["history"]] == [2, 3]
    found = k.request("shell", "history_request",
                      {"hist_access_type": "search", "pattern": "int h*", "n": 10, "unique": True, "output": False, "raw": True})
    assert [e[2] for e in found["content"]["history"]] == ["int h1 = 1;", "int h2 = 2;"]


def test_comm_info(kernel: Kernel):
    c = kernel.request("shell", "comm_info_request", {})["content"]
    assert c["status"] == "ok" and c["comms"] == {}


def test_requests_answered_while_a_cell_runs(kernel: Kernel):
    msg_id = kernel.kc.execute("Thread.sleep(4000);")
    time.sleep(0.5)
    t = time.time()
    info = kernel.request("shell", "kernel_info_request", {})
    info_s = time.time() - t
    t = time.time()
    comp = complete(kernel, "Math.ab")
    comp_s = time.time() - t
    assert info["content"]["status"] == "ok"
    assert any(m.startswith("abs") for m in comp["matches"])
    assert info_s < 1.0, info_s
    assert comp_s < 1.0, comp_s
    assert kernel.shell_reply(msg_id)["content"]["status"] == "ok"
    kernel.collect(msg_id)
