"""rwb as a client of the REST protocol (`--rest`), against `rwb kv serve` in front of a
private redis-server: the same bytes as redis-cli over TCP, to a terminal and to a pipe;
a refused token; the REPL with `.trace on` showing the HTTP exchange, the token masked.

One redis-server and one endpoint for the module; each comparison uses keys of its own.
Every request goes to 127.0.0.1; every process is stopped by the PID recorded at start.
"""

import io
import os
import shlex
import signal
import subprocess

import pexpect
import pytest

from conftest import RWB_BIN, TIMEOUT, RedisServer, clean, require_redis, require_rwb

TOKEN = "rest-client-token-0123456789"

# Each is run by redis-cli on one server and by rwb through the endpoint in front of it,
# with its keys under a prefix of the run's own ({p}).
COMMANDS = [
    ["SET", "{p}k", "v"],
    ["GET", "{p}k"],
    ["INCR", "{p}n"],
    ["HSET", "{p}h", "f", "1", "g", "2"],
    ["HGETALL", "{p}h"],
    ["ZADD", "{p}z", "1", "a", "2.5", "b"],
    ["ZRANGE", "{p}z", "0", "-1", "WITHSCORES"],
    ["LRANGE", "{p}empty", "0", "-1"],
    ["GET", "{p}missing"],
    ["INCR", "{p}k"],
    ["TYPE", "{p}h"],
    ["PING"],
]


class Endpoint:
    """`rwb kv serve` on a free port in front of `redis_port`; its URL read from its banner."""

    def __init__(self, redis_port):
        require_rwb()
        self.proc = subprocess.Popen(
            [RWB_BIN, "kv", "serve", "--port", "0", "--token", TOKEN, "-h", "127.0.0.1", "-p", str(redis_port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=environment())
        first = self.proc.stdout.readline()
        assert first.startswith("rwb kv serve: http://127.0.0.1:"), first
        self.url = first.split()[3]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.communicate(timeout=TIMEOUT * 3)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate(timeout=TIMEOUT)


def environment(**extra):
    """The caller's environment without Redis or REST settings, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("REDIS") and "REST" not in key}
    env.update(TERM="xterm", LC_ALL="C.UTF-8", **extra)
    return env


@pytest.fixture(scope="module")
def served():
    require_redis()
    server = RedisServer().start()
    endpoint = None
    try:
        endpoint = Endpoint(server.port)
        yield server, endpoint
    finally:
        if endpoint:
            endpoint.stop()
        server.remove()


def run(arguments, tty, env=None):
    """(exit status, stdout bytes, stderr text); on a terminal through `script`, which
    merges the two streams."""
    if tty:
        command = ["script", "-qec", shlex.join(arguments), "/dev/null"]
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT * 2, stdin=subprocess.DEVNULL, env=env or environment())
        return result.returncode, result.stdout, ""
    result = subprocess.run(arguments, capture_output=True, timeout=TIMEOUT * 2, stdin=subprocess.DEVNULL, env=env or environment())
    return result.returncode, result.stdout, result.stderr.decode(errors="replace")


@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "tty"])
def test_one_shot_commands_print_what_redis_cli_prints(served, tty):
    server, endpoint = served
    for command in COMMANDS:
        cli = run(["redis-cli", "-p", str(server.port), *[word.format(p=f"cli:{tty}:") for word in command]], tty)
        rwb = run([RWB_BIN, "--rest", endpoint.url, "--rest-token", TOKEN, "--no-auth-warning",
                   *[word.format(p=f"rwb:{tty}:") for word in command]], tty)
        assert rwb[1] == cli[1], (command, rwb, cli)
        # redis-cli exits 0 on an error reply; rwb exits 1 (ARCHITECTURE.md §3), over TCP too.
        assert rwb[0] == (1 if command == ["INCR", "{p}k"] else 0), (command, rwb)
        assert TOKEN not in rwb[2]


def test_the_environment_pair_and_a_script_on_stdin(served):
    _, endpoint = served
    env = environment(KV_REST_API_URL=endpoint.url, KV_REST_API_TOKEN=TOKEN)
    result = subprocess.run([RWB_BIN, "--rest"], input=b"SET env:k 1\nINCR env:k\nGET env:k\n", capture_output=True,
                            timeout=TIMEOUT * 2, env=env)
    assert (result.returncode, result.stdout) == (0, b"OK\n2\n2\n"), result.stderr


def test_a_wrong_token_an_unreachable_endpoint_and_a_bad_url_exit_with_their_reason(served):
    _, endpoint = served
    wrong = "wrong-token-9876543210"
    status, out, err = run([RWB_BIN, "--rest", endpoint.url, "--rest-token", wrong, "GET", "k"], tty=False)
    assert (status, out) == (1, b"")
    assert f"the REST endpoint {endpoint.url} refused the token: 401 Unauthorized" in err
    assert wrong not in err
    status, _, err = run([RWB_BIN, "--rest", "http://127.0.0.1:1", "--rest-token", TOKEN, "--no-auth-warning", "PING"], tty=False)
    assert status == 1 and "Could not connect to the REST endpoint http://127.0.0.1:1/: Connection refused" in err
    status, _, err = run([RWB_BIN, "--rest", "http://", "PING"], tty=False)
    assert status == 2 and "the URL names no host" in err


def test_the_repl_traces_the_http_exchange_with_the_token_masked(served, workdir, histfile):
    server, endpoint = served
    prompt = endpoint.url.removeprefix("http://").rstrip("/") + "(rest)> "
    env = environment(HOME=workdir, RWB_HISTFILE=histfile, INPUTRC=os.devnull, RWB_HINTS="off")
    child = pexpect.spawn(RWB_BIN, ["--rest", endpoint.url, "--rest-token", TOKEN, "--no-auth-warning"], env=env,
                          timeout=TIMEOUT, encoding="utf-8", codec_errors="replace", dimensions=(40, 250))
    transcript = io.StringIO()
    child.logfile_read = transcript
    try:
        def line(text):
            child.sendline(text)
            child.expect_exact(prompt)
            return clean(child.before)

        child.expect_exact(prompt)
        line(".trace on")
        traced = line("SET repl:k v")
        for expected in ["-> POST / HTTP/1.1", "-> Authorization: Bearer ****", "-> Upstash-Response-Format: resp2",
                         '-> ["SET","repl:k","v"]', "<- HTTP/1.1 200 OK", "<- +OK\\r\\n", "\nOK\n"]:
            assert expected in traced, traced
        # The second request sends back the sync token the first one got.
        assert "-> Upstash-Sync-Token: " in line("GET repl:k")
        line(".trace off")
        assert "(error) ERR SELECT would change the connection" in line("SELECT 1")
        assert line("GET repl:k").endswith('"v"\n')
        child.sendline(".quit")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        assert TOKEN not in transcript.getvalue()
        with open(histfile) as history:
            assert TOKEN not in history.read()
        assert server.cli("GET", "repl:k").strip() == "v"
    finally:
        if child.isalive():
            child.terminate(force=True)
