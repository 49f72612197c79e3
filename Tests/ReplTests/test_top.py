"""`rwb top`: rates computed from known traffic, the full screen left cleanly."""

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
