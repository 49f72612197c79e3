"""`rwb top`: rates computed from known traffic, the full screen left cleanly."""

import io
import json
import os
import subprocess

import pexpect

from conftest import RWB_BIN, TIMEOUT, clean, require_rwb


def test_json_samples_count_known_traffic(redis_server):
    require_rwb()
    redis_server.cli("SET", "rwb:top:hit", "1")
    top = subprocess.Popen([RWB_BIN, "-p", str(redis_server.port), "top", "--samples", "2", "--interval", "1s", "--json"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = json.loads(top.stdout.readline())
    # 100 hits and 100 misses, in one pipe, right after a reading: all in the next interval.
    script = "".join("GET rwb:top:hit\nGET rwb:top:missing\n" for _ in range(100))
    subprocess.run(["redis-cli", "-p", str(redis_server.port)], input=script, capture_output=True, text=True, check=True)
    second = json.loads(top.stdout.readline())
    assert top.wait(timeout=TIMEOUT) == 0
    assert "hit_ratio" not in first
    assert second["hit_ratio"] == 0.5
    # A rate over an interval that a loaded machine stretches past 1 s: what was counted is
    # rate × interval (both rounded), at least the 200 GETs.
    assert second["interval_seconds"] >= 1
    assert second["ops_per_sec"] * second["interval_seconds"] >= 199.5
    assert second["keys"] == [{"database": "db0", "keys": 1, "expires": 0}]


def test_full_screen_quits_on_q_and_restores_the_terminal(redis_server, rwb_env):
    require_rwb()
    child = pexpect.spawn(RWB_BIN, ["-p", str(redis_server.port), "top", "--interval", "200ms"], env=rwb_env,
                          encoding="utf-8", dimensions=(30, 100), timeout=TIMEOUT)
    child.expect("\x1b\\[\\?1049h")  # the alternate screen
    child.expect("hit ratio")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[?1049l" in child.before and "\x1b[?25h" in child.before


def test_an_idle_server_shows_no_ops_of_tops_own(redis_server):
    """top's INFO and SLOWLOG GET each interval are counted by the server, not shown as load."""
    require_rwb()
    result = subprocess.run([RWB_BIN, "-p", str(redis_server.port), "top", "--samples", "3", "--interval", "200ms", "--json"],
                            capture_output=True, text=True, timeout=TIMEOUT * 3)
    assert result.returncode == 0, result.stderr
    readings = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(readings) == 3
    assert [reading["ops_per_sec"] for reading in readings] == [0, 0, 0]


def test_samples_end_when_the_server_stays_down(redis_server):
    """--samples N with the server gone: the readings so far, a message, exit 1 within --retry-for."""
    require_rwb()
    top = subprocess.Popen([RWB_BIN, "-p", str(redis_server.port), "top", "--samples", "3", "--interval", "200ms", "--json", "--retry-for", "1s"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = json.loads(top.stdout.readline())
    assert first["ops_per_sec"] == 0
    redis_server.stop()  # by its PID
    # Bounded: --retry-for 1s, a few intervals, and the time to see the connection refused.
    status = top.wait(timeout=TIMEOUT * 2)
    errors = top.stderr.read()
    assert status == 1
    assert top.stdout.read() == ""
    assert "reconnecting" in errors
    assert "stopped after 1 of 3 readings" in errors


def test_control_characters_in_the_slowlog_are_shown_escaped(redis_server, rwb_env):
    """A script argument holding OSC (set title) and ED (clear screen) reaches the screen as text."""
    require_rwb()
    redis_server.cli("CONFIG", "SET", "slowlog-log-slower-than", "0")
    child = pexpect.spawn(RWB_BIN, ["-p", str(redis_server.port), "top", "--interval", "200ms"], env=rwb_env,
                          encoding="utf-8", dimensions=(40, 200), timeout=TIMEOUT)
    drawn = io.StringIO()
    child.logfile_read = drawn
    child.expect("hit ratio")
    hostile = "\x1b]0;pwned\x07\x1b[2J"
    redis_server.cli("EVAL", "local t = redis.call('TIME') return t[1]", "0", hostile)
    child.expect_exact("\\x1b]0;pwned\\x07\\x1b[2J")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = drawn.getvalue()
    # The terminal's own sequences (alternate screen, cursor home, erase line) remain.
    assert "\x1b[?1049h" in screen
    assert "\x1b]0;" not in screen and "\x07" not in screen and "\x1b[2J" not in screen
