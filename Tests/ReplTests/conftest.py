"""Fixtures for the REPL tests: a private redis-server per test and rwb under a pty.

Run with `python3 -m pytest -q Tests/ReplTests` after `swift build --product rwb`.
The binary is `$RWB_BIN`, else `<repo>/.build/debug/rwb`.

Every redis-server is started here on a free loopback port in its own temporary
directory and stopped by the PID recorded at start; nothing is ever stopped by name.
Without redis-server the tests are skipped, except under CI=true, where they fail.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pexpect
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RWB_BIN = os.environ.get("RWB_BIN") or os.path.join(REPO, ".build", "debug", "rwb")

TIMEOUT = 5  # seconds; every wait in these tests is bounded by it

# The REPL's prompt as redis-cli draws it: `127.0.0.1:6379[2](TX)> `, or `not connected> `.
PROMPT_RE = r"(?:127\.0\.0\.1:\d+(?:\[\d+\])?(?:\(TX\))?|not connected)> "

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def clean(text):
    """Terminal output as plain lines: CRLF -> LF, colour and cursor codes removed."""
    return _ANSI.sub("", text.replace("\r\n", "\n"))


def require_redis():
    missing = [name for name in ("redis-server", "redis-cli") if shutil.which(name) is None]
    if not missing:
        return
    message = f"{' and '.join(missing)} not found on PATH (apt-get install redis-server redis-tools)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_rwb():
    if not os.access(RWB_BIN, os.X_OK):
        pytest.fail(f"rwb binary not found at {RWB_BIN}: run `swift build --product rwb` or set RWB_BIN", pytrace=False)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_gone(pid):
    """True when `pid` no longer exists (a zombie counts as gone: it runs nothing)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def wait_until(predicate, timeout=TIMEOUT, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class RedisServer:
    """One redis-server on 127.0.0.1, persistence off, in a private temporary directory."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.directory = tempfile.mkdtemp(prefix="rwb-repltest-")
        self.proc = None

    def start(self):
        assert self.proc is None, "already running"
        log = open(os.path.join(self.directory, "redis.log"), "ab")
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", self.directory,
                "--daemonize", "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited at start:\n{self.log_tail()}")
            if self.ping():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server on port {self.port} did not answer PING within {TIMEOUT}s")

    def ping(self):
        try:
            return self.cli("ping", check=False).strip() == "PONG"
        except subprocess.TimeoutExpired:
            return False

    def cli(self, *args, check=True):
        """redis-cli against this server (stdout not a tty: raw output)."""
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *args],
            capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"redis-cli {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def stop(self):
        """Stops the server by its PID (SIGTERM, then SIGKILL) and waits for it."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=TIMEOUT)

    def log_tail(self):
        try:
            with open(os.path.join(self.directory, "redis.log"), errors="replace") as log:
                return log.read()[-2000:]
        except OSError:
            return ""

    def remove(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


class Repl:
    """rwb's REPL under a pseudo-terminal."""

    def __init__(self, args, env):
        self.child = pexpect.spawn(
            RWB_BIN, list(args), env=env, timeout=TIMEOUT, encoding="utf-8",
            codec_errors="replace", dimensions=(40, 250), echo=True,
        )
        self.prompt = None

    @property
    def pid(self):
        return self.child.pid

    def wait_prompt(self, timeout=TIMEOUT):
        """Waits for the next prompt; returns what came before it (cleaned)."""
        self.child.expect(PROMPT_RE, timeout=timeout)
        self.prompt = self.child.after
        return clean(self.child.before)

    def run(self, line, timeout=TIMEOUT):
        """Types `line` + Enter and returns its output up to the next prompt, without the echo."""
        self.child.sendline(line)
        out = self.wait_prompt(timeout)
        first, _, rest = out.partition("\n")
        if first.rstrip() == line.rstrip():
            out = rest
        return out.rstrip("\n")

    def expect_exact(self, text, timeout=TIMEOUT):
        self.child.expect_exact(text, timeout=timeout)
        return clean(self.child.before)

    def quit(self):
        """`.quit`, then waits for the exit; returns the exit status."""
        self.child.sendline(".quit")
        return self.wait_exit()

    def wait_exit(self, timeout=TIMEOUT):
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        return self.child.exitstatus if self.child.signalstatus is None else -self.child.signalstatus

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close(force=True)


@pytest.fixture
def redis_server():
    """A fresh redis-server for this test only."""
    require_redis()
    server = RedisServer()
    try:
        server.start()
    except Exception:
        server.remove()
        raise
    yield server
    server.remove()


@pytest.fixture
def workdir():
    """A temporary directory for this test (history files and the like)."""
    directory = tempfile.mkdtemp(prefix="rwb-repltest-home-")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def histfile(workdir):
    return os.path.join(workdir, "history")


@pytest.fixture
def rwb_env(workdir, histfile):
    # No REDIS_URL, REDIS_PORT or REDISCLI_AUTH from the caller; no user readline settings.
    env = {key: value for key, value in os.environ.items() if not key.startswith("REDIS")}
    inputrc = os.path.join(workdir, "inputrc")
    open(inputrc, "w").close()
    # Hints are grey text after the cursor; they would stick to every echoed line here.
    # test_inline_hint turns them back on.
    env.update(TERM="xterm", HOME=workdir, RWB_HISTFILE=histfile, INPUTRC=inputrc, LC_ALL="C.UTF-8", RWB_HINTS="off")
    return env


@pytest.fixture
def spawn_rwb(rwb_env):
    """Starts rwb in a pty and waits for its first prompt; everything is closed at teardown."""
    require_rwb()
    started = []

    def spawn(*args, env=None, wait=True):
        repl = Repl(args, env or rwb_env)
        started.append(repl)
        if wait:
            repl.wait_prompt()
        return repl

    yield spawn
    for repl in started:
        repl.close()


@pytest.fixture
def repl(redis_server, spawn_rwb):
    """The REPL connected to this test's redis-server, at its first prompt."""
    return spawn_rwb("-p", str(redis_server.port))
