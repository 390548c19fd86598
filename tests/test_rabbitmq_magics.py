"""The RabbitMQ magics through the real kernel, against a real rabbitmq-server child of the kernel."""
import os
import queue
import re
import shutil
import socket
import time
from collections import Counter

import pytest

import procinfo
from conftest import Kernel, lab_row, require_tool, start_kernel, stop_kernel

STARTED = re.compile(r"RabbitMQ \S+ started on amqp://127\.0\.0\.1:(\d+)/ in [\d.]+ s \(pid (\d+), rabbitmq-server ")


def one_line_error(r, ename="LabError"):
    assert r.status == "error", r.stdout
    line = r.reply["content"]["evalue"]
    assert r.reply["content"]["ename"] == ename, r.reply["content"]
    assert "\n" not in line.strip() and r.reply["content"]["traceback"] == [line], line
    return line


def table(r):
    """The rows of the (last) table a magic displayed, as lists of cells (text/plain, columns split on 2+ spaces)."""
    shown = [m["content"]["data"] for m in r.of("display_data")]
    assert shown, r.stdout
    assert "<table" in shown[-1]["text/html"]
    lines = shown[-1]["text/plain"].splitlines()
    return [re.split(r"\s{2,}", line.strip()) for line in lines]


def as_dicts(rows):
    header, body = rows[0], rows[1:]
    return [dict(zip(header, row)) for row in body]


def parent_of(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def rabbitmq_installed():
    return shutil.which("rabbitmq-server") is not None or os.path.exists("/usr/lib/rabbitmq/bin/rabbitmq-server")


@pytest.fixture(scope="module")
def rabbit(tmp_path_factory):
    require_tool(rabbitmq_installed(), "rabbitmq-server is not installed (apt-get install rabbitmq-server)")
    k = start_kernel()
    data = tmp_path_factory.mktemp("rabbit") / "data"
    r = k.ok(f"%rabbitmq start --data-dir {data}", timeout=180)
    m = STARTED.search(r.stdout)
    assert m, r.stdout
    yield k, int(m.group(1)), int(m.group(2)), data
    stop_kernel(k)


def test_start_says_which_server_runs_and_listens_on_loopback_only(rabbit):
    k, port, pid, _ = rabbit
    sockets = procinfo.listening(procinfo.socket_inodes(pid))
    assert port in sockets.values(), sockets
    epmd = [p for p in procinfo.descendants(k.pid) if open(f"/proc/{p}/comm").read().strip() == "epmd"]
    assert len(epmd) == 1, "the lab's own epmd"
    for p in [pid] + epmd:
        for line in open("/proc/net/tcp").read().splitlines()[1:] + open("/proc/net/tcp6").read().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A" and f[9] in procinfo.socket_inodes(p):
                assert f[1].split(":")[0] in ("0100007F", "00000000000000000000000001000000"), f"not loopback: {f[1]}"
    status = as_dicts(table(k.ok("%rabbitmq status")))
    assert status[0]["STATE"] == "running" and status[0]["SERVER"].startswith("rabbitmq-server 3."), status
    lab = k.ok("%lab status").of("display_data")[-1]["content"]["data"]["text/plain"]
    assert re.search(r"^rabbitmq\s+running\s+amqp://127\.0\.0\.1:" + str(port), lab, re.M), lab


def test_exchanges_route_purchases_to_billing_and_shipping(rabbit):
    k = rabbit[0]
    assert "declared" in k.ok("%rabbitmq declare exchange purchases --type fanout").stdout
    for q in ("billing", "shipping"):
        k.ok(f"%rabbitmq declare queue {q}")
        k.ok(f"%rabbitmq bind {q} purchases")
    rows = as_dicts(table(k.ok("%%rabbitmq publish --exchange purchases --confirm\norder-1\norder-2\norder-3")))
    assert [r["RESULT"] for r in rows] == ["confirmed"] * 3, rows
    queues = {r["name"]: r for r in as_dicts(table(k.ok("%rabbitmqctl list_queues name messages messages_ready consumers")))}
    assert queues["billing"]["messages"] == "3" and queues["shipping"]["messages_ready"] == "3", queues
    bindings = as_dicts(table(k.ok("%rabbitmqctl list_bindings")))
    assert {"source_name": "purchases", "destination_name": "billing"}.items() <= bindings[-2].items() or \
        any(b["source_name"] == "purchases" and b["destination_name"] == "billing" for b in bindings), bindings
    exchanges = as_dicts(table(k.ok("%rabbitmqctl list_exchanges")))
    assert {"name": "purchases", "type": "fanout"} in exchanges, exchanges
    got = as_dicts(table(k.ok("%rabbitmq consume billing --max-messages 3")))
    assert [g["BODY"] for g in got] == ["order-1", "order-2", "order-3"] and {g["ACK"] for g in got} == {"acked"}
    assert "Purged 3 messages from shipping." in k.ok("%rabbitmq purge shipping").stdout
    assert as_dicts(table(k.ok("%rabbitmqctl list_connections")))[0]["user"] == "guest"
    k.ok("%rabbitmq declare exchange orders --type topic")
    k.ok("%rabbitmq bind billing orders --routing-key 'order.*.paid'")
    rows = as_dicts(table(k.ok("%rabbitmq publish --exchange orders --routing-key order.es.paid --mandatory paid")))
    assert rows[0]["RESULT"] == "sent"
    rows = as_dicts(table(k.ok("%rabbitmq publish --exchange orders --routing-key order.es.cancelled --mandatory lost")))
    assert rows[0]["RESULT"].startswith("returned as unroutable (312 NO_ROUTE"), rows
    one = as_dicts(table(k.ok("%rabbitmq get billing")))
    assert one[0]["BODY"] == "paid" and one[0]["REDELIVERED"] == "false" and one[0]["ACK"].startswith("requeued")
    again = as_dicts(table(k.ok("%rabbitmq get billing --ack")))
    assert again[0]["REDELIVERED"] == "true" and again[0]["ACK"] == "acked"
    assert "has no ready message" in k.ok("%rabbitmq get billing").stdout


def test_a_consumer_that_dies_without_acking_loses_nothing(rabbit):
    k = rabbit[0]
    k.ok("%rabbitmq declare queue work")
    bodies = [f"job-{i}" for i in range(30)]
    k.ok("%%rabbitmq publish --routing-key work --confirm\n" + "\n".join(bodies))
    r = k.ok("%rabbitmq consume work --consumers 2 --prefetch 10 --crash-after 5 --timeout-ms 1500")
    rows = as_dicts(table(r))
    acked = Counter(row["BODY"] for row in rows if row["ACK"] == "acked")
    assert set(acked) == set(bodies) and set(acked.values()) == {1}, "0 lost, 0 duplicated among acked"
    died = [row for row in rows if row["CONSUMER"] == "1" and row["ACK"] != "acked"]
    assert len(died) == 5
    assert any(row["REDELIVERED"] == "true" for row in rows if row["ACK"] == "acked")
    assert "redelivered" in r.stdout
    queues = {q["name"]: q for q in as_dicts(table(k.ok("%rabbitmqctl list_queues name messages messages_unacknowledged")))}
    assert queues["work"]["messages"] == "0" and queues["work"]["messages_unacknowledged"] == "0"


def test_ttl_and_dead_letters(rabbit):
    k = rabbit[0]
    k.ok("%rabbitmq declare exchange dead --type fanout")
    k.ok("%rabbitmq declare queue graveyard")
    k.ok("%rabbitmq bind graveyard dead")
    k.ok("%rabbitmq declare queue cart --ttl 100 --dead-letter-exchange dead")
    k.ok("%rabbitmq publish --routing-key cart --confirm abandoned")
    k.ok("import java.util.concurrent.TimeUnit; TimeUnit.MILLISECONDS.sleep(500);")
    got = as_dicts(table(k.ok("%rabbitmq consume graveyard --max-messages 1")))
    assert got[0]["BODY"] == "abandoned"


def test_bad_input_is_one_line_and_the_connection_survives(rabbit):
    k, port, _, _ = rabbit
    line = one_line_error(k.execute("%rabbitmq purge nowhere"))
    assert "NOT_FOUND - no queue 'nowhere'" in line and "(404)" in line, line
    k.ok("%rabbitmq declare queue fixed --ttl 1000")
    line = one_line_error(k.execute("%rabbitmq declare queue fixed --ttl 2000"))
    assert "PRECONDITION_FAILED" in line and "x-message-ttl" in line, line
    assert "declared" in k.ok("%rabbitmq declare queue fixed --ttl 1000").stdout, "the next magic works"
    line = one_line_error(k.execute("%rabbitmq delete queue nowhere"))
    assert "404" in line
    line = one_line_error(k.execute("%rabbitmq consume fixed --ack sometimes"), ename="UsageError")
    assert "auto, manual or none" in line
    line = one_line_error(k.execute("%rabbitmqctl list_queues name mesages"), ename="UsageError")
    assert "did you mean messages" in line, line
    line = one_line_error(k.execute(f"%rabbitmq start --port {port}"))
    assert "already running" in line, line
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        fresh = start_kernel()
        try:
            line = one_line_error(fresh.execute(f"%rabbitmq start --port {taken.getsockname()[1]}"))
            assert "already in use" in line, line
            line = one_line_error(fresh.execute("%rabbitmq declare queue q"))
            assert line.startswith("No RabbitMQ server: run %rabbitmq start"), line
            line = one_line_error(fresh.execute(f"%rabbitmq connect amqp://guest:nope@127.0.0.1:{port}/"))
            assert "wrong user or password" in line, line
            api = k.ok("rabbit.lab().managementUrl()").result_text.strip()
            assert "Connected to" in fresh.ok(f"%rabbitmq connect amqp://guest:guest@127.0.0.1:{port}/ --management-url {api}").stdout
            assert "fixed" in fresh.ok("%rabbitmqctl list_queues").of("display_data")[-1]["content"]["data"]["text/plain"]
        finally:
            stop_kernel(fresh)


def test_java_cells_use_the_rabbit_binding_and_completion_knows_queues(rabbit):
    k = rabbit[0]
    k.ok('%rabbitmq declare queue from-java')
    k.ok('try (var ch = rabbit.channel()) { ch.basicPublish("", "from-java", null, "hola".getBytes()); }')
    r = k.ok('rabbit.queue("from-java").messagesReady().getAsLong()')
    assert r.result_text.strip() == "1", r.result_text
    reply = k.request("shell", "complete_request", {"code": "%rabbitmq consume from-", "cursor_pos": 24})
    assert "from-java" in reply["content"]["matches"], reply["content"]


PERF_TEST_THREADS = ('Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("perf-test")'
                     ' || n.startsWith("AMQP Connection") || n.equals("rabbitmq-perf-test")).sorted().toList()')


def test_perf_test_runs_perftest_with_its_flags_and_summary(rabbit):
    k = rabbit[0]
    before = k.ok(PERF_TEST_THREADS).result_text
    # -r: at most 1000 msg/s, so the run lasts long enough for its per-second lines
    out = k.ok("%rabbitmq-perf-test -x 1 -y 1 -s 100 -r 1000 -C 2000 -D 2000 -c 100 -u perf-py -ad false", timeout=300).stdout
    assert "starting consumer #0" in out and "starting producer #0" in out, out
    assert re.search(r"id: test-\S+, time [\d.]+ s, sent: \d+ msg/s, confirmed: \d+ msg/s", out), out
    stopped = next(line for line in out.splitlines() if line.startswith("test stopped ("))
    assert "Producer reached message limit" in stopped and "Consumer reached message limit" in stopped, out
    assert re.search(r"sending rate avg: \d+ msg/s", out) and re.search(r"receiving rate avg: \d+ msg/s", out), out
    left = k.ok('rabbit.lab().withChannel(ch -> ch.queueDeclarePassive("perf-py")).getMessageCount()').result_text
    assert left.strip() == "0", left
    assert k.ok(PERF_TEST_THREADS).result_text == before, "no PerfTest thread or connection left"
    line = one_line_error(k.execute("%rabbitmq-perf-test -C 10 --metrics-prometheus"), "UsageError")
    assert "--metrics-prometheus is not available in the lab" in line, line
    line = one_line_error(k.execute("%rabbitmq-perf-test --producerz 2"), "UsageError")
    assert "Parsing failed. Reason: Unrecognized option: --producerz" in line, line
    reply = k.request("shell", "complete_request", {"code": "%rabbitmq-perf-test --produc", "cursor_pos": 27})
    assert "--producers" in reply["content"]["matches"], reply["content"]
    reply = k.request("shell", "complete_request", {"code": "%rabbitmq-perf-test -u perf-p", "cursor_pos": 29})
    assert "perf-py" in reply["content"]["matches"], reply["content"]


def test_interrupting_perf_test_stops_it_as_ctrl_c_does(rabbit):
    k = rabbit[0]
    before = k.ok(PERF_TEST_THREADS).result_text
    msg_id = k.kc.execute("%rabbitmq-perf-test -x 1 -y 1 -s 100 -r 500 -u perf-stop -ad false")
    streamed = ""
    deadline = time.time() + 180
    while ", time " not in streamed and time.time() < deadline:  # PerfTest's first per-second line
        try:
            m = k.kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
            streamed += m["content"]["text"]
    assert ", time " in streamed, streamed
    k.request("control", "interrupt_request", {})
    reply = k.shell_reply(msg_id, timeout=120)
    streamed += "".join(m["content"]["text"] for m in k.collect(msg_id, timeout=120) if m["msg_type"] == "stream")
    assert reply["content"]["ename"] == "Interrupted", reply["content"]
    assert "test stopped" in streamed and "sending rate avg:" in streamed, streamed
    assert k.ok(PERF_TEST_THREADS).result_text == before, "no PerfTest thread or connection left"
    consumers = k.ok('rabbit.lab().withChannel(ch -> ch.queueDeclarePassive("perf-stop")).getConsumerCount()').result_text
    assert consumers.strip() == "0", consumers
    k.ok("%rabbitmq delete queue perf-stop")


def test_durable_queue_and_persistent_messages_survive_restart_transient_do_not(rabbit):
    k, _, _, data = rabbit
    k.ok("%rabbitmq declare queue ledger --durable")
    k.ok("%rabbitmq declare queue scratch")
    k.ok("%rabbitmq publish --routing-key ledger --persistent --confirm kept")
    k.ok("%rabbitmq publish --routing-key ledger --confirm transient-message")
    k.ok("%rabbitmq publish --routing-key scratch --persistent --confirm gone")
    out = k.ok("%rabbitmq stop", timeout=120).stdout
    assert "kept in" in out, out
    r = k.ok(f"%rabbitmq start --data-dir {data}", timeout=180)
    assert STARTED.search(r.stdout), r.stdout
    queues = {q["name"]: q for q in as_dicts(table(k.ok("%rabbitmqctl list_queues name durable messages")))}
    assert queues["ledger"]["durable"] == "true" and queues["ledger"]["messages"] == "1", queues
    assert "scratch" not in queues


def unknown_names_are_one_line_and_the_lab_keeps_working(k):
    """Publishing to, binding to or reading from what does not exist: one line each, and the next magic works.
    Shared by the real server's test and Qpid's (test_rabbitmq_qpid.py)."""
    k.ok("%rabbitmq declare queue known")
    k.ok("%rabbitmq declare exchange known-x --type direct")
    k.ok("%rabbitmq bind known known-x --routing-key k")
    k.ok("var heldOpen = rabbit.channel();")

    def still_works(body):
        rows = as_dicts(table(k.ok(f"%rabbitmq publish --exchange known-x --routing-key k --confirm {body}")))
        assert rows[0]["RESULT"] == "confirmed", rows
        got = as_dicts(table(k.ok("%rabbitmq consume known --max-messages 1")))
        assert [g["BODY"] for g in got] == [body], got

    for publish in ("%rabbitmq publish --exchange nope --routing-key k hello",
                    "%rabbitmq publish --exchange nope --routing-key k --confirm --mandatory hello",
                    "%%rabbitmq publish --exchange nope --routing-key k\nhello\nworld"):
        line = one_line_error(k.execute(publish))
        assert line.startswith("Nothing was published: ") and "nope" in line and "(404)" in line, line
        assert "%rabbitmq declare exchange" in line, line
        still_works("after-" + publish.split()[0])
    r = k.execute('rabbit.publish("nope", "k", List.of("from-java"), false, false)')
    assert r.status == "error" and "Nothing was published: " in r.reply["content"]["evalue"], r.reply["content"]
    still_works("after-binding")
    line = one_line_error(k.execute("%rabbitmq bind known missing-exchange"))
    assert "missing-exchange" in line and "(404)" in line and "%rabbitmq declare exchange" in line, line
    still_works("after-bind-exchange")
    for command in ("%rabbitmq bind missing-queue known-x", "%rabbitmq consume missing-queue", "%rabbitmq get missing-queue"):
        line = one_line_error(k.execute(command))
        assert "missing-queue" in line and "(404)" in line and "%rabbitmq declare queue" in line, line
        still_works("after-" + command.split()[1])
    assert "known" in k.ok("%rabbitmqctl list_queues").of("display_data")[-1]["content"]["data"]["text/plain"]
    assert k.ok("heldOpen.isOpen()").result_text.strip() == "true", "the lab's shared connection was never closed"
    k.ok("heldOpen.close();")


def test_unknown_exchange_or_queue_is_one_line_and_the_lab_keeps_working(rabbit):
    unknown_names_are_one_line_and_the_lab_keeps_working(rabbit[0])


def queues_by_name(k, columns="name messages messages_ready messages_unacknowledged"):
    return {q["name"]: q for q in as_dicts(table(k.ok(f"%rabbitmqctl list_queues {columns}")))}


def exchange_options_and_ack_modes(k, prefix):
    """declare exchange --type headers / --durable, delete exchange, and consume --ack manual|auto|none, as
    list_exchanges and list_queues show them. Shared by the real server's test and Qpid's."""
    k.ok(f"%rabbitmq declare exchange {prefix}-headers --type headers --durable")
    k.ok(f"%rabbitmq declare exchange {prefix}-topic --type topic")
    exchanges = {x["name"]: x for x in as_dicts(table(k.ok("%rabbitmqctl list_exchanges name type durable")))}
    assert exchanges[f"{prefix}-headers"]["type"] == "headers" and exchanges[f"{prefix}-headers"]["durable"] == "true", exchanges
    assert exchanges[f"{prefix}-topic"]["type"] == "topic" and exchanges[f"{prefix}-topic"]["durable"] == "false", exchanges
    assert f"Exchange {prefix}-topic deleted." in k.ok(f"%rabbitmq delete exchange {prefix}-topic").stdout
    exchanges = [x["name"] for x in as_dicts(table(k.ok("%rabbitmqctl list_exchanges name")))]
    assert f"{prefix}-topic" not in exchanges and f"{prefix}-headers" in exchanges, exchanges
    line = one_line_error(k.execute(f"%rabbitmq delete exchange {prefix}-topic"))
    assert "(404)" in line, line

    q = f"{prefix}-acks"
    k.ok(f"%rabbitmq declare queue {q}")
    k.ok(f"%%rabbitmq publish --routing-key {q} --confirm\n" + "\n".join(f"m{i}" for i in range(1, 6)))
    got = as_dicts(table(k.ok(f"%rabbitmq consume {q} --ack manual --max-messages 2")))
    assert [g["BODY"] for g in got] == ["m1", "m2"] and {g["ACK"] for g in got} == {"acked"}, got
    row = queues_by_name(k)[q]
    assert (row["messages"], row["messages_ready"], row["messages_unacknowledged"]) == ("3", "3", "0"), "the rest stays ready"
    got = as_dicts(table(k.ok(f"%rabbitmq consume {q} --ack auto")))
    assert [g["BODY"] for g in got] == ["m3", "m4", "m5"] and {g["ACK"] for g in got} == {"auto (acked on delivery)"}, got
    row = queues_by_name(k)[q]
    assert (row["messages"], row["messages_ready"], row["messages_unacknowledged"]) == ("0", "0", "0"), "gone on delivery"
    k.ok(f"%%rabbitmq publish --routing-key {q} --confirm\nn1\nn2")
    got = as_dicts(table(k.ok(f"%rabbitmq consume {q} --ack none")))
    assert [g["BODY"] for g in got] == ["n1", "n2"], got
    assert {g["ACK"] for g in got} == {"not acked: requeued when its channel closed"}, got
    row = queues_by_name(k)[q]
    assert (row["messages"], row["messages_ready"], row["messages_unacknowledged"]) == ("2", "2", "0"), \
        "never acked: back in the queue when the consumer's channel closed, nothing left unacknowledged"
    again = as_dicts(table(k.ok(f"%rabbitmq get {q} --ack")))
    assert again[0]["BODY"] == "n1" and again[0]["REDELIVERED"] == "true", again


def test_exchange_options_and_ack_modes_show_in_the_tables(rabbit):
    exchange_options_and_ack_modes(rabbit[0], "opt")


def test_max_length_drops_the_oldest_and_dead_letters_take_their_routing_key(rabbit):
    k = rabbit[0]
    out = k.ok("%rabbitmq declare queue capped --max-length 3").stdout
    assert "x-max-length 3" in out, out
    k.ok("%%rabbitmq publish --routing-key capped --confirm\n" + "\n".join(f"c{i}" for i in range(1, 6)))
    assert queues_by_name(k)["capped"]["messages"] == "3", "N+2 published, N kept"
    got = as_dicts(table(k.ok("%rabbitmq consume capped")))
    assert [g["BODY"] for g in got] == ["c3", "c4", "c5"], "the oldest were dropped"

    k.ok("%rabbitmq declare exchange expired-x --type direct")
    k.ok("%rabbitmq declare queue expired-orders")
    k.ok("%rabbitmq declare queue other-dead")
    k.ok("%rabbitmq bind expired-orders expired-x --routing-key expired")
    k.ok("%rabbitmq bind other-dead expired-x --routing-key short-lived")
    k.ok("%rabbitmq declare queue short-lived --ttl 100 --dead-letter-exchange expired-x --dead-letter-routing-key expired")
    k.ok("%rabbitmq publish --routing-key short-lived --confirm too-late")
    deadline = time.time() + 60
    while queues_by_name(k)["expired-orders"]["messages"] != "1" and time.time() < deadline:
        time.sleep(0.2)  # the message expires after 100 ms; the wait is generous for a loaded machine
    got = as_dicts(table(k.ok("%rabbitmq consume expired-orders --max-messages 1")))
    assert [g["BODY"] for g in got] == ["too-late"], got
    assert got[0]["ROUTING-KEY"] == "expired", "dead-lettered with --dead-letter-routing-key, not its own key"
    assert queues_by_name(k)["other-dead"]["messages"] == "0"


def test_list_consumers_shows_a_consumer_with_its_prefetch(rabbit):
    k = rabbit[0]
    k.ok("%rabbitmq declare queue watched")
    k.ok('var watcher = rabbit.channel(); watcher.basicQos(7); '
         'watcher.basicConsume("watched", false, "watcher-tag", new com.rabbitmq.client.DefaultConsumer(watcher));')
    try:
        consumers = as_dicts(table(k.ok("%rabbitmqctl list_consumers")))
        mine = [c for c in consumers if c["queue_name"] == "watched"]
        assert len(mine) == 1, consumers
        assert mine[0]["consumer_tag"] == "watcher-tag" and mine[0]["ack_required"] == "true", mine
        assert mine[0]["prefetch_count"] == "7" and mine[0]["active"] == "true", mine
        assert mine[0]["channel_pid"] not in ("", "-"), mine
    finally:
        k.ok("watcher.close();")
    after = k.ok("%rabbitmqctl list_consumers").of("display_data")[-1]["content"]["data"]["text/plain"]
    assert "watcher-tag" not in after, after


GUEST_LOGIN = ('String guestLogin; { var f = rabbit.connectionFactory(); f.setUsername("guest"); f.setPassword("guest"); '
               'try (var c = f.newConnection()) { guestLogin = "open"; } catch (Exception e) { guestLogin = e.getClass().getSimpleName(); } }'
               ' guestLogin')


def test_start_with_a_user_and_the_management_ui_and_a_data_dir_first_booted_with_other_credentials(tmp_path):
    import base64
    import urllib.error
    import urllib.request
    require_tool(rabbitmq_installed(), "rabbitmq-server is not installed (apt-get install rabbitmq-server)")
    data = tmp_path / "alice-node"
    k = start_kernel()
    try:
        r = k.ok(f"%rabbitmq start --user alice --password 's3cret!' --management --data-dir {data}", timeout=180)
        m = re.search(r"^Management UI: (http://127\.0\.0\.1:(\d+)/) \(user alice\)\.$", r.stdout, re.M)
        assert m and STARTED.search(r.stdout), r.stdout
        url, api_port = m.group(1), int(m.group(2))

        def overview(user, password):
            request = urllib.request.Request(url + "api/overview", headers={
                "Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as e:
                return e.code, b""

        status, body = overview("alice", "s3cret!")
        assert status == 200 and b'"rabbitmq_version"' in body, (status, body[:200])
        assert overview("guest", "guest")[0] == 401
        for line in open("/proc/net/tcp").read().splitlines()[1:] + open("/proc/net/tcp6").read().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A" and int(f[1].split(":")[1], 16) == api_port:
                assert f[1].split(":")[0] in ("0100007F", "00000000000000000000000001000000"), f"not loopback: {f[1]}"
        assert k.ok(GUEST_LOGIN).result_text.strip().strip('"') == "AuthenticationFailureException", "no guest on this node"
        k.ok("%rabbitmq declare queue alices --durable")
        assert as_dicts(table(k.ok("%rabbitmqctl list_connections user")))[0]["user"] == "alice"
        k.ok("%rabbitmq stop", timeout=120)

        line = one_line_error(k.execute(f"%rabbitmq start --data-dir {data}", timeout=180))
        assert line.startswith(f"The RabbitMQ node in {data} refused user 'guest': a node creates its user"), line
        assert "first booted with other credentials" in line and "use a new --data-dir" in line, line
        assert re.match(r"rabbitmq\s+stopped\s", lab_row(k, "rabbitmq")), "nothing left running"
        line = one_line_error(k.execute(f"%rabbitmq start --data-dir {data} --user bob --password pw", timeout=180))
        assert "refused user 'bob'" in line and "first booted with other credentials" in line, line

        k.ok(f"%rabbitmq start --data-dir {data} --user alice --password 's3cret!'", timeout=180)
        assert "alices" in k.ok("%rabbitmqctl list_queues name").of("display_data")[-1]["content"]["data"]["text/plain"]
        k.ok("%rabbitmq stop", timeout=120)
    finally:
        stop_kernel(k)


def shown_text(r):
    """The text/plain of a cell's value or of the last table a magic displayed."""
    shown = [m["content"]["data"] for m in r.of("execute_result") + r.of("display_data")]
    assert shown and "<table" in shown[-1]["text/html"], r.messages
    return shown[-1]["text/plain"]


def test_the_rabbit_binding_returns_the_typed_rows_the_magics_show(rabbit):
    k = rabbit[0]
    k.ok("%rabbitmq declare exchange java-x --type topic")
    k.ok("%rabbitmq declare queue java-q")
    k.ok("%rabbitmq bind java-q java-x --routing-key 'order.#'")
    from_java = k.ok('var published = rabbit.publish("java-x", "order.es", List.of("one", "two"), false, true); published')
    from_magic = k.ok("%rabbitmq publish --exchange java-x --routing-key order.es --confirm one two")
    assert shown_text(from_java) == shown_text(from_magic), (shown_text(from_java), shown_text(from_magic))
    assert [r["RESULT"] for r in as_dicts(table(from_magic))] == ["confirmed", "confirmed"]
    typed = k.ok('published.get(1) instanceof io.brokerbook.cluster.rabbitmq.PublishResult p ? p.body() + " " + p.result() : "?"')
    assert typed.result_text.strip().strip('"') == "two confirmed", typed.result_text

    exchanges_java = shown_text(k.ok("rabbit.exchanges()"))
    exchanges_magic = shown_text(k.ok("%rabbitmqctl list_exchanges name type durable auto_delete internal arguments"))
    assert exchanges_java == exchanges_magic, (exchanges_java, exchanges_magic)
    assert re.search(r"^java-x\s+topic\s+false\s", exchanges_java, re.M), exchanges_java
    typed = k.ok('rabbit.exchanges().stream().filter(x -> x.name().equals("java-x")).findFirst().orElseThrow().type()')
    assert typed.result_text.strip().strip('"') == "topic", typed.result_text

    bindings_java = shown_text(k.ok("rabbit.bindings()"))
    bindings_magic = shown_text(k.ok("%rabbitmqctl list_bindings"))
    assert bindings_java == bindings_magic, (bindings_java, bindings_magic)
    typed = k.ok('rabbit.bindings().stream().filter(b -> b.sourceName().equals("java-x") && b.destinationName().equals("java-q"))'
                 '.map(b -> b.routingKey()).toList()')
    assert typed.result_text.strip() == "[order.#]", typed.result_text
    got = as_dicts(table(k.ok("%rabbitmq consume java-q --max-messages 4")))
    assert [g["BODY"] for g in got] == ["one", "two", "one", "two"], got


# last: it stops the module's server
def test_stop_leaves_no_process_behind(rabbit):
    k, _, _, data = rabbit
    comm = {p: open(f"/proc/{p}/comm").read().strip() for p in procinfo.descendants(k.pid) if procinfo.alive(p)}
    ours = [p for p, name in comm.items() if name in ("beam.smp", "epmd")]
    assert len(ours) == 2, comm
    server_tree = []
    for p in ours:  # the supervisor under the kernel that runs it, and everything under that supervisor
        top = p
        while parent_of(top) != k.pid:
            top = parent_of(top)
        server_tree += [top] + procinfo.descendants(top)
    comm.update({p: open(f"/proc/{p}/comm").read().strip() for p in server_tree if procinfo.alive(p)})
    k.ok("%rabbitmq stop", timeout=120)
    left = [(p, comm[p]) for p in server_tree if procinfo.alive(p)]
    assert not left, f"beam, epmd, their helpers and supervisors are gone: {left}"
