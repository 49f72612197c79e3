"""`rwb lab ratelimit serve` over real HTTP (urllib), against a private redis-server.

The server is rwb's own process, started here and stopped with SIGINT (its normal end) or
SIGTERM; every request goes to 127.0.0.1 on a free port.
"""

import http.client
import json
import os
import select
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import RWB_BIN, TIMEOUT, free_port, require_rwb, wait_until


class Served:
    def __init__(self, redis_port, *options, prefix="rwb:"):
        require_rwb()
        self.port = free_port()
        self.proc = subprocess.Popen(
            [RWB_BIN, "-p", str(redis_port), "--prefix", prefix, "lab", "ratelimit", "serve", "--listen", f"127.0.0.1:{self.port}",
             *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        first = self.proc.stdout.readline()
        assert first.startswith("listening on"), first

    def get(self, path, headers=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def raw(self, path, timeout=TIMEOUT):
        """GET with the path sent byte for byte (urllib would normalise it)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.putrequest("GET", path, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.headers), response.read().decode()
        finally:
            connection.close()

    def stop(self, signum=signal.SIGINT):
        self.proc.send_signal(signum)
        out, err = self.proc.communicate(timeout=TIMEOUT * 2)
        return self.proc.returncode, out + err


def json_report(out):
    """The pretty report `--json` prints after the request log (one JSON object a line)."""
    lines = out.splitlines()
    start = lines.index("{")
    end = len(lines) - lines[::-1].index("}")
    return json.loads("\n".join(lines[start:end]))


@pytest.fixture
def served(redis_server):
    started = []

    def start(*options, prefix="rwb:"):
        server = Served(redis_server.port, *options, prefix=prefix)
        started.append(server)
        return server

    yield start
    for server in started:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()


def test_the_limit_plus_one_gets_429_with_headers_and_passes_after_retry_after(redis_server, served):
    server = served("--algorithm", "sliding-log", "--limit", "3", "--window", "2s")
    for remaining in (2, 1, 0):
        status, headers, body = server.get("/api/items")
        assert status == 200, (status, body)
        assert headers["RateLimit-Policy"] == '"default";q=3;w=2'
        assert headers["RateLimit"].startswith(f'"default";r={remaining};t=')
        assert headers["X-RateLimit-Remaining"] == str(remaining)
    status, headers, body = server.get("/api/items")
    assert status == 429
    assert json.loads(body) == {"error": "Too many requests"}
    retry_after = int(headers["Retry-After"])
    assert 1 <= retry_after <= 2
    assert headers["RateLimit"].startswith('"default";r=0;t=')
    time.sleep(retry_after + 0.1)
    status, _, _ = server.get("/api/items")
    assert status == 200
    # Paths outside /api/ are not limited (and not found).
    assert server.get("/health")[0] == 404
    code, out = server.stop()
    assert code == 0, out
    assert "429 remaining=0" in out
    assert redis_server.cli("DBSIZE").strip() == "0"


def test_forwarded_for_is_trusted_only_when_asked(redis_server, served):
    server = served("--limit", "1", "--window", "60s")
    assert server.get("/api/a", {"X-Forwarded-For": "10.0.0.1"})[0] == 200
    assert server.get("/api/a", {"X-Forwarded-For": "10.0.0.2"})[0] == 429
    server.stop()
    trusting = served("--limit", "1", "--window", "60s", "--trust-forwarded")
    assert trusting.get("/api/a", {"X-Forwarded-For": "10.0.0.1"})[0] == 200
    assert trusting.get("/api/a", {"X-Forwarded-For": "10.0.0.2"})[0] == 200


@pytest.mark.parametrize("mode,status", [("open", 200), ("closed", 503)])
def test_redis_unreachable_fails_open_or_closed(redis_server, served, mode, status):
    server = served("--fail", mode)
    assert server.get("/api/a")[0] == 200
    redis_server.stop()
    got, headers, _ = server.get("/api/a")
    assert got == status
    assert headers["RateLimit-Fail"] == mode
    code, out = server.stop(signal.SIGTERM)
    assert f"redis unavailable" in out and f"failing {mode}" in out, out


def test_a_port_in_use_is_a_clear_error(redis_server, served):
    server = served()
    # Another prefix: on the same one the lock refuses it before it tries to listen.
    proc = subprocess.run(
        [RWB_BIN, "-p", str(redis_server.port), "--prefix", "other:", "lab", "ratelimit", "serve", "--listen", f"127.0.0.1:{server.port}"],
        capture_output=True, text=True, timeout=TIMEOUT * 2, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1
    assert f"cannot listen on 127.0.0.1:{server.port}" in proc.stderr and "in use" in proc.stderr, proc.stderr


def test_load_drives_the_api_and_counts_what_came_back(redis_server, served):
    server = served("--limit", "10", "--window", "60s")
    proc = subprocess.run(
        [RWB_BIN, "lab", "ratelimit", "load", f"http://127.0.0.1:{server.port}/api/items", "--rate", "40", "--duration", "1s", "--json"],
        capture_output=True, text=True, timeout=TIMEOUT * 3, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["requests"] == 40
    assert report["ok"] == 10 and report["limited"] == 30


def test_load_refuses_other_hosts():
    require_rwb()
    proc = subprocess.run([RWB_BIN, "lab", "ratelimit", "load", "http://example.com/"], capture_output=True, text=True,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert "only sends load to this machine" in proc.stderr


def test_every_path_spelling_the_router_serves_is_limited(redis_server, served):
    server = served("--limit", "1000", "--window", "60s", "--json")
    spellings = ["/api/x", "//api/x", "///api/x", "/./api/x", "/api/./x", "/api//x", "/api%2Fx", "/api/x%2Fy", "/%61pi/x",
                 "/API/x", "/Api/x", "/api", "/apix"]
    served_count = 0
    for path in spellings:
        status, headers, body = server.raw(path)
        if status == 200:
            served_count += 1
            assert "RateLimit" in headers and "X-RateLimit-Remaining" in headers, (path, headers)
            assert int(headers["X-RateLimit-Remaining"]) == 1000 - served_count, (path, headers)
        else:
            assert status == 404, (path, status, body)
    assert served_count >= 4
    code, out = server.stop()
    assert code == 0, out
    report = json_report(out)
    assert report["requests"] == served_count, out
    logged = [json.loads(line) for line in out.splitlines() if line.startswith('{"client"')]
    assert len(logged) == served_count, out


@pytest.mark.parametrize("path", ['/api/x","admin":true,"y":"', '/api/a"b\\c', "/api/%22%7D%5C"])
def test_the_path_is_a_json_string_in_the_body(redis_server, served, path):
    server = served("--limit", "1000", "--json")
    status, _, body = server.raw(path)
    assert status == 200, (status, body)
    parsed = json.loads(body)
    assert set(parsed) == {"ok", "path"} and parsed["ok"] is True, body
    assert '"' in parsed["path"] or "%22" in parsed["path"], body
    code, out = server.stop()
    for line in out.splitlines():
        if line.startswith('{"client"'):
            assert set(json.loads(line)) == {"client", "method", "path", "status", "note"}, line


@pytest.mark.parametrize("mode,status", [("open", 200), ("closed", 503)])
def test_a_paused_redis_costs_the_limiter_timeout_and_sigterm_answers_in_flight(redis_server, served, mode, status):
    server = served("--fail", mode, "--limiter-timeout", "1s", "--json")
    assert server.get("/api/a")[0] == 200
    os.kill(redis_server.proc.pid, signal.SIGSTOP)
    try:
        began = time.monotonic()
        got, headers, _ = server.get("/api/a")
        # The connection's own timeout is 30 s: the limiter's deadline (1 s) is what ends it.
        assert time.monotonic() - began < 5
        assert got == status and headers["RateLimit-Fail"] == mode
        # A request in flight when SIGTERM arrives gets its answer: the server stops accepting
        # and waits for it (the limiter's 1 s timeout, then --fail), instead of hanging for
        # the connection's 30 s timeout and getting nothing.
        answer = {}

        def ask():
            try:
                answer["status"] = server.get("/api/b")[0]
            except Exception as error:  # noqa: BLE001 - the test reports what happened
                answer["error"] = repr(error)
            answer["at"] = time.monotonic()

        asking = threading.Thread(target=ask)
        asking.start()
        time.sleep(0.3)
        signalled = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        asking.join(timeout=TIMEOUT)
        assert answer.get("status") == status, answer
        assert answer["at"] - signalled < 2, answer
    finally:
        os.kill(redis_server.proc.pid, signal.SIGCONT)
    out, err = server.proc.communicate(timeout=TIMEOUT * 2)
    report = json_report(out)
    failed = report["failed_open" if mode == "open" else "failed_closed"]
    assert failed == 2 and report["limiter_timeouts"] == failed and report["requests"] == 1 + failed, out
    assert wait_until(lambda: redis_server.cli("DBSIZE").strip() == "0")


def test_no_limit_counts_what_it_serves(redis_server, served):
    server = served("--no-limit", "--json")
    for _ in range(3):
        status, headers, _ = server.get("/api/a")
        assert status == 200 and "RateLimit" not in headers
    code, out = server.stop()
    report = json_report(out)
    assert (report["requests"], report["allowed"], report["clients"]) == (3, 3, 1), out


def test_a_second_serve_on_the_prefix_refuses_and_leaves_the_first_ones_keys(redis_server, served):
    first = served("--limit", "3", "--window", "60s")
    assert first.get("/api/a")[1]["X-RateLimit-Remaining"] == "2"
    keys_before = redis_server.cli("--scan", "--pattern", "rwb:lab:ratelimit-serve:*").split()
    assert len(keys_before) == 2, keys_before  # the client's key and the lock
    port = free_port()
    proc = subprocess.run(
        [RWB_BIN, "-p", str(redis_server.port), "lab", "ratelimit", "serve", "--listen", f"127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=TIMEOUT * 2, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"another ratelimit serve (on 127.0.0.1:{first.port}) is live" in proc.stderr, proc.stderr
    assert sorted(redis_server.cli("--scan", "--pattern", "rwb:lab:ratelimit-serve:*").split()) == sorted(keys_before)
    # The first one's counter went on where it was.
    assert first.get("/api/a")[1]["X-RateLimit-Remaining"] == "1"
    # Another prefix is another limiter: it may run beside.
    other = served(prefix="other:")
    assert other.get("/api/a")[0] == 200
    other.stop()
    code, out = first.stop()
    assert code == 0, out
    assert redis_server.cli("DBSIZE").strip() == "0"
    # With the first one gone, a serve on the prefix starts.
    again = served()
    assert again.get("/api/a")[0] == 200


def load(url, *options, timeout=TIMEOUT * 3):
    proc = subprocess.run([RWB_BIN, "lab", "ratelimit", "load", url, "--json", *options],
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else None, proc.stderr


def test_load_against_a_closed_port_is_partial_and_counts_every_request():
    require_rwb()
    code, report, err = load(f"http://127.0.0.1:{free_port()}/api/x", "--rate", "300", "--duration", "1s")
    assert code == 1, err
    assert report["partial"] is True, report
    assert report["planned"] == 300 and report["requests"] == 0 and report["not_sent"] == 300, report
    assert report["failures"] and all("refused" in failure["reason"] for failure in report["failures"]), report


def test_load_of_a_day_against_a_closed_port_gives_up_without_spinning():
    require_rwb()
    code, report, err = load(f"http://127.0.0.1:{free_port()}/", "--rate", "100000", "--duration", "86400s", timeout=20)
    assert code == 1, err
    assert report["planned"] == 8_640_000_000 and report["requests"] + report["not_sent"] == report["planned"], report


def test_load_when_serve_stops_mid_run_is_partial(redis_server, served):
    server = served("--limit", "1000")
    runner = subprocess.Popen([RWB_BIN, "lab", "ratelimit", "load", f"http://127.0.0.1:{server.port}/api/items", "--rate", "50",
                               "--duration", "4s", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              stdin=subprocess.DEVNULL)
    # Stopped once the load is under way (a busy machine may take seconds to start rwb).
    seen = 0
    deadline = time.monotonic() + TIMEOUT * 2
    while seen < 10 and time.monotonic() < deadline:
        if select.select([server.proc.stdout], [], [], 0.1)[0] and "/api/items 200" in server.proc.stdout.readline():
            seen += 1
    assert seen == 10, "the load never reached the server"
    server.stop()
    out, err = runner.communicate(timeout=TIMEOUT * 3)
    assert runner.returncode == 1, err
    report = json.loads(out)
    assert report["partial"] is True, report
    assert report["planned"] == 200 and report["ok"] > 0, report
    assert report["ok"] + report["limited"] + report["other"] + report["failed"] + report["not_sent"] == 200, report
    assert report["not_sent"] > 0 and report["failures"], report
