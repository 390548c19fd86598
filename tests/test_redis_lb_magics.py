"""The Redis and load-balancer magics through the real kernel: a real redis-server, real HTTP replicas."""
import re
import socket
import time
from collections import Counter

import pytest

import procinfo
from conftest import Kernel, one_line_error, start_kernel, stop_kernel

WHOAMI = ("%service run whoami --replicas 3 --label traefik.enable=true "
          "--label 'traefik.http.routers.whoami.rule=Host(`whoami.localhost`)' "
          "--label traefik.http.routers.whoami.entrypoints=web")
STARTED = re.compile(r"Redis \S+ started on 127\.0\.0\.1:(\d+) \(pid (\d+)")


def table_text(r, header):
    """text/plain of the display whose first row starts with `header` (HTML present too)."""
    for m in r.of("display_data"):
        data = m["content"]["data"]
        if data.get("text/plain", "").startswith(header):
            assert "<table" in data["text/html"]
            return data["text/plain"], data["text/html"]
    raise AssertionError(f"no {header!r} table in {[m['content']['data'].get('text/plain') for m in r.of('display_data')]}")


def redis_server_pid(pid):
    """True while `pid` is a live redis-server."""
    if not procinfo.alive(pid):
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"redis-server" in f.read()
    except FileNotFoundError:
        return False


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


# ---- Redis ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def redis_on(kernel: Kernel):
    r = kernel.ok("%redis start", timeout=120)
    m = STARTED.search(r.stdout)
    assert m, r.stdout
    yield int(m.group(1)), int(m.group(2))
    kernel.execute("%redis stop")


def test_redis_start_runs_a_server_under_the_kernel(kernel: Kernel, redis_on):
    port, pid = redis_on
    assert pid in procinfo.descendants(kernel.pid)
    assert pid not in procinfo.children(kernel.pid), "it runs under its supervisor, which dies with the kernel"
    assert redis_server_pid(pid)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"PING\r\n")
        assert s.recv(16) == b"+PONG\r\n"


def test_set_get_round_trip_prints_like_redis_cli(kernel: Kernel, redis_on):
    port, _ = redis_on
    assert kernel.ok("%redis SET greeting hola").stdout == "OK\n"
    assert kernel.ok("%redis GET greeting").stdout == '"hola"\n'
    assert kernel.ok("%redis GET nobody").stdout == "(nil)\n"
    assert kernel.ok("%redis EXPIRE greeting 100").stdout == "(integer) 1\n"
    assert re.fullmatch(r"\(integer\) (9\d|100)\n", kernel.ok("%redis TTL greeting").stdout)
    cell = kernel.ok("%%redis\nRPUSH trucks 123 234\nLRANGE trucks 0 -1")
    assert cell.stdout == (f"127.0.0.1:{port}> RPUSH trucks 123 234\n(integer) 2\n"
                           f"127.0.0.1:{port}> LRANGE trucks 0 -1\n1) \"123\"\n2) \"234\"\n")


def test_redis_keys_table_columns(kernel: Kernel, redis_on):
    kernel.ok('%redis SET "truck:123" "40.4,-3.7" EX 300')
    plain, html = table_text(kernel.ok("%redis-keys truck:*"), "KEY")
    lines = plain.splitlines()
    assert lines[0].split() == ["KEY", "TYPE", "TTL", "VALUE"]
    assert re.fullmatch(r'truck:123\s+string\s+(2\d\d|300)\s+"40\.4,-3\.7"', lines[1]), lines
    assert all(f"<th>{c}</th>" in html for c in ("KEY", "TYPE", "TTL", "VALUE"))
    assert kernel.ok("%redis-keys nothing:*").stdout == "No keys match 'nothing:*'.\n"


def test_bad_redis_command_is_one_line_and_the_kernel_keeps_working(kernel: Kernel, redis_on):
    r = kernel.execute("%redis NOSUCHCMD a")
    one_line_error(r, "(error) ERR unknown command")
    assert r.stdout == "", "the error is shown once"
    one_line_error(kernel.execute("%redis GET"), "(error) ERR wrong number of arguments")
    assert "already running" in one_line_error(kernel.execute("%redis start"))
    assert "quote" in one_line_error(kernel.execute("%%redis\nSET a 1\nSET b \"unclosed")).lower()
    kernel.ok("%redis SET after-errors yes")
    assert kernel.ok("%redis GET after-errors").stdout == '"yes"\n'
    assert kernel.ok("40 + 2").result_text == "42"


def test_redis_cache_from_a_java_cell(kernel: Kernel, redis_on):
    kernel.ok('int[] computed = {0};\n'
              'var cache = redis.cache("kernel-test");\n'
              'cache.clear();')
    r = kernel.ok('for (int i = 0; i < 3; i++) {\n'
                  '    System.out.println(cache.getOrCompute("q", Duration.ofSeconds(60), () -> { computed[0]++; return "answer"; }));\n'
                  '}\n'
                  'cache.hits() + "/" + cache.misses() + "/" + computed[0]')
    assert r.stdout == "answer\n" * 3
    assert r.result_text == "2/1/1", "hits/misses/computations"
    calls = kernel.ok("cache.calls()")
    plain = calls.of("execute_result")[0]["content"]["data"]["text/plain"]
    assert [l.split()[2] for l in plain.splitlines()[1:]] == ["MISS", "HIT", "HIT"], plain
    assert kernel.ok('%redis GET kernel-test:q').stdout == '"answer"\n'
    assert kernel.ok('redis.jedis().ttl("kernel-test:q") > 0').result_text == "true"


def test_redis_stop_and_kernel_shutdown_stop_the_server():
    k = start_kernel()
    kernel_pid = k.pid
    try:
        first = int(STARTED.search(k.ok("%redis start", timeout=120).stdout).group(2))
        assert "stopped" in k.ok("%redis stop", timeout=60).stdout
        assert wait_until(lambda: not redis_server_pid(first)), "%redis stop ends the server"
        assert "No Redis server" in one_line_error(k.execute("%redis GET x"))
        second = int(STARTED.search(k.ok("%redis start", timeout=120).stdout).group(2))
        assert second in procinfo.descendants(kernel_pid)
        lb = k.ok("%lb start --port 0 --dashboard-port 0").stdout
        lb_port = int(re.search(r"listening on http://127\.0\.0\.1:(\d+)", lb).group(1))
    finally:
        stop_kernel(k)
    assert wait_until(lambda: not procinfo.alive(kernel_pid), 60)
    assert wait_until(lambda: not redis_server_pid(second)), "kernel shutdown ends its redis-server"
    assert [p for p in procinfo.children(kernel_pid) if redis_server_pid(p)] == []
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", lb_port), timeout=5).close()


# ---- Load balancer --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lb_on(kernel: Kernel):
    r = kernel.ok("%lb start --port 0 --dashboard-port 0")
    assert r.stdout.startswith("Entry point web listening on http://127.0.0.1:"), r.stdout
    r = kernel.ok(WHOAMI)
    assert "Router whoami: Host(`whoami.localhost`) -> service whoami (3 servers)" in r.stdout, r.stdout
    yield
    kernel.execute("%service stop whoami")
    kernel.execute("%lb stop")


def test_thirty_http_requests_split_ten_ten_ten(kernel: Kernel, lb_on):
    kernel.ok("lb.resetHits()")
    names = Counter()
    for _ in range(30):
        out = kernel.ok("%http GET / -H 'Host: whoami.localhost'").stdout
        assert out.startswith("HTTP/1.1 200 OK\n"), out
        names[re.search(r"^Name: (\S+)$", out, re.MULTILINE).group(1)] += 1
    assert names == {"whoami-1": 10, "whoami-2": 10, "whoami-3": 10}
    hits = kernel.ok("%lb hits --reset")
    plain, _ = table_text(hits, "SERVICE")
    assert plain.splitlines()[0].split() == ["SERVICE", "REPLICA", "SERVER", "STATE", "REQUESTS"]
    assert [l.split()[-2:] for l in plain.splitlines()[1:]] == [["UP", "10"]] * 3
    assert any("<svg" in m["content"]["data"].get("image/svg+xml", "") for m in hits.of("display_data"))
    counted = kernel.ok('lb.countByReplica(30, "whoami.localhost", "/")').result_text
    assert counted == "{whoami-1=10, whoami-2=10, whoami-3=10}"


def test_lb_routes_columns(kernel: Kernel, lb_on):
    plain, html = table_text(kernel.ok("%lb routes"), "ROUTER")
    lines = plain.splitlines()
    assert lines[0].split() == ["ROUTER", "RULE", "SERVICE", "SERVERS"]
    assert lines[1].split()[:3] == ["whoami", "Host(`whoami.localhost`)", "whoami"]
    assert lines[1].count("http://127.0.0.1:") == 3
    assert all(f"<th>{c}</th>" in html for c in ("ROUTER", "RULE", "SERVICE", "SERVERS"))


def test_bad_rule_is_one_line_and_nothing_changes(kernel: Kernel, lb_on):
    line = one_line_error(kernel.execute(
        "%service run broken --replicas 2 --label traefik.enable=true "
        "--label 'traefik.http.routers.broken.rule=Host(broken.localhost)'"))
    assert "bad router rule" in line
    assert "unknown service" in one_line_error(kernel.execute("%service scale nosuch 2"))
    plain, _ = table_text(kernel.ok("%lb routes"), "ROUTER")
    assert [l.split()[0] for l in plain.splitlines()[1:]] == ["whoami"]
    assert kernel.ok("%http GET / -H 'Host: whoami.localhost'").stdout.startswith("HTTP/1.1 200 OK\n")
    assert kernel.ok("%http GET / -H 'Host: nobody.localhost'").stdout.startswith("HTTP/1.1 404 Not Found\n")
