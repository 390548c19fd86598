"""Shared fixtures: the installed 'brokerbook' kernel driven through jupyter_client over ZeroMQ."""
import os
import queue
import shutil
import time
from dataclasses import dataclass, field

import jupyter_client
import pytest

KERNEL_NAME = "brokerbook"
JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
JDK17 = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"


@dataclass
class Result:
    reply: dict
    messages: list = field(default_factory=list)  # iopub messages parented to the request (no status)

    @property
    def status(self):
        return self.reply["content"]["status"]

    def of(self, msg_type):
        return [m for m in self.messages if m["msg_type"] == msg_type]

    @property
    def stdout(self):
        return "".join(m["content"]["text"] for m in self.of("stream") if m["content"]["name"] == "stdout")

    @property
    def stderr(self):
        return "".join(m["content"]["text"] for m in self.of("stream") if m["content"]["name"] == "stderr")

    @property
    def result_text(self):
        r = self.of("execute_result")
        return r[0]["content"]["data"]["text/plain"] if r else None

    @property
    def error(self):
        e = self.of("error")
        return e[0]["content"] if e else None


class Kernel:
    """A started kernel plus helpers that collect each request's iopub messages until idle."""

    def __init__(self, km, kc):
        self.km = km
        self.kc = kc
        self.stray = []  # iopub messages that belonged to other requests

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def collect(self, msg_id, timeout=60):
        deadline = time.time() + timeout
        messages = []
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                raise TimeoutError(f"no idle for {msg_id}; got {[m['msg_type'] for m in messages]}")
            try:
                m = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                self.stray.append(m)
                continue
            if m["msg_type"] == "status":
                if m["content"]["execution_state"] == "idle":
                    return messages
                continue
            messages.append(m)

    def shell_reply(self, msg_id, timeout=60):
        deadline = time.time() + timeout
        while True:
            m = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if m["parent_header"].get("msg_id") == msg_id:
                return m

    def execute(self, code, timeout=60, **kw):
        msg_id = self.kc.execute(code, **kw)
        reply = self.shell_reply(msg_id, timeout)
        messages = self.collect(msg_id, timeout)
        return Result(reply, messages)

    def ok(self, code, timeout=60, **kw):
        r = self.execute(code, timeout=timeout, **kw)
        assert r.status == "ok", (code, r.reply["content"], r.error)
        return r

    def request(self, channel, msg_type, content, timeout=10):
        """Sends a raw request and returns its reply (and waits for the request's idle)."""
        msg = self.kc.session.msg(msg_type, content)
        getattr(self.kc, channel + "_channel").send(msg)
        msg_id = msg["header"]["msg_id"]
        if channel == "control":
            deadline = time.time() + timeout
            while True:
                r = self.kc.get_control_msg(timeout=max(0.1, deadline - time.time()))
                if r["parent_header"].get("msg_id") == msg_id:
                    break
        else:
            r = self.shell_reply(msg_id, timeout)
        return r


def sbin_which(name):
    """A server's executable on PATH or in the sbin dirs Debian installs servers in."""
    return shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")


def one_line_error(r, starts=""):
    """The one line of a failed magic, starting with `starts`; no stack trace reaches the user."""
    assert r.status == "error", r.stdout
    line = r.reply["content"]["evalue"]
    assert "\n" not in line.strip() and line.startswith(starts), line
    assert r.reply["content"]["traceback"] == [line], "no stack trace reaches the user"
    return line


def lab_row(k, kind):
    """The row of `kind` in %lab status, as text."""
    for m in k.ok("%lab status").of("display_data"):
        for line in m["content"]["data"]["text/plain"].splitlines():
            if line.startswith(kind + " "):
                return line
    raise AssertionError(f"no {kind} row in %lab status")


def require_tool(present, missing_message):
    """A tool a test needs: missing under CI=true fails (CI installs it); elsewhere the test is reported skipped."""
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(missing_message + " (CI=true: .ci/run must install it)")
    pytest.skip(missing_message)


def start_kernel(env=None):
    km = jupyter_client.KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(env={**os.environ, **(env or {})})
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=90)
    k = Kernel(km, kc)
    k.ok("1", timeout=120)  # JShell warm
    return k


def stop_kernel(k):
    try:
        k.kc.stop_channels()
    finally:
        k.km.shutdown_kernel(now=False)


@pytest.fixture(scope="module")
def kernel():
    k = start_kernel()
    yield k
    stop_kernel(k)


@pytest.fixture
def fresh_kernel():
    k = start_kernel()
    yield k
    stop_kernel(k)
