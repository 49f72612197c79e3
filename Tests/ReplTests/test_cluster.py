"""scripts/cluster and the REPL on a Redis Cluster, against real local clusters."""

import glob
import json
import os
import re
import signal
import socket
import subprocess
import time

import pexpect
import pytest

from conftest import REPO, RWB_BIN, clean, process_gone, require_redis, require_rwb, wait_until

SCRIPT = os.path.join(REPO, "scripts", "cluster")
CLUSTER_PROMPT = r"127\.0\.0\.1:\d+> "


def bindable(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_base():
    """A base port whose six ports and their bus ports (port + 10000) are all free."""
    for base in range(21000 + os.getpid() % 2000 * 2, 45000, 97):
        if all(bindable(p) and bindable(p + 10000) for p in range(base, base + 6)):
            return base
    pytest.fail("no free range of ports for a cluster")


def state_dir(base):
    return os.path.join(os.environ.get("TMPDIR", "/tmp"), f"rwb-cluster-{base}")


def recorded_pids(base):
    pids = []
    for path in glob.glob(os.path.join(state_dir(base), "node-*", "pid")):
        with open(path) as f:
            pids.append(int(f.read().strip()))
    return pids


def cluster(*args, timeout=120):
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture
def local_cluster():
    require_redis()
    require_rwb()
    base = free_base()
    up = cluster("up", "--port", str(base))
    pids = recorded_pids(base)
    try:
        assert up.returncode == 0, up.stderr
        yield base
    finally:
        down = cluster("down", "--port", str(base))
        assert down.returncode == 0, down.stderr
        assert all(wait_until(lambda pid=pid: process_gone(pid)) for pid in pids), "a node outlived `down`"
        assert not os.path.exists(state_dir(base))


def test_up_status_down(local_cluster):
    base = local_cluster
    status = cluster("status", "--port", str(base))
    assert status.returncode == 0, status.stdout
    lines = status.stdout.strip().splitlines()
    assert len(lines) == 6
    assert sum(" master " in line for line in lines) == 3 and sum(" slave " in line for line in lines) == 3
    assert all(line.endswith("cluster_state:ok") for line in lines)
    # A second `up` on the same ports is refused, and leaves the first cluster alone.
    again = cluster("up", "--port", str(base))
    assert again.returncode == 1 and "already recorded" in again.stderr
    assert cluster("status", "--port", str(base)).returncode == 0


def test_one_shot_dash_c_reads_and_writes_across_nodes(local_cluster):
    base = local_cluster
    for key in ("foo", "bar", "baz", "{user:1}:a"):
        set_reply = subprocess.run([RWB_BIN, "-c", "-p", str(base), "SET", key, "v-" + key], capture_output=True, text=True, timeout=10)
        assert set_reply.returncode == 0 and set_reply.stdout == "OK\n", set_reply.stderr
        ours = subprocess.run([RWB_BIN, "-c", "-p", str(base), "GET", key], capture_output=True, text=True, timeout=10)
        theirs = subprocess.run(["redis-cli", "-c", "-p", str(base), "GET", key], capture_output=True, text=True, timeout=10)
        assert ours.stdout == theirs.stdout == "v-" + key + "\n"


def test_repl_prints_redirections_and_follows_the_node(local_cluster):
    base = local_cluster
    lines = ["set foo bar", "get foo", "set baz 1", "get {baz}x", "ping"]
    transcripts = {}
    for tool in (RWB_BIN, "redis-cli"):
        child = pexpect.spawn(tool, ["-c", "-p", str(base)], encoding="utf-8", timeout=10, env={**os.environ, "TERM": "dumb"})
        child.expect(CLUSTER_PROMPT)
        out = []
        for line in lines:
            child.sendline(line)
            child.expect(CLUSTER_PROMPT)
            text = clean(child.before)
            out.append([row for row in text.splitlines()[1:] if row.strip()] + [child.after.strip()])
        child.sendline("quit" if tool == "redis-cli" else ".quit")
        child.expect(pexpect.EOF)
        transcripts[tool] = out
    assert transcripts[RWB_BIN] == transcripts["redis-cli"]
    # foo lives in slot 12182, on another master than the first node's slots 0-5460.
    assert transcripts[RWB_BIN][0][0].startswith("-> Redirected to slot [12182] located at 127.0.0.1:")


def test_dot_cluster_shows_every_shard(local_cluster):
    base = local_cluster
    child = pexpect.spawn(RWB_BIN, ["-c", "-p", str(base)], encoding="utf-8", timeout=10, env={**os.environ, "TERM": "dumb"})
    child.expect(CLUSTER_PROMPT)
    child.sendline(".cluster")
    child.expect(CLUSTER_PROMPT)
    text = clean(child.before)
    child.sendline(".quit")
    child.expect(pexpect.EOF)
    assert "0-5460" in text and "5461-10922" in text and "10923-16383" in text
    assert len(re.findall(r"127\.0\.0\.1:\d+ +master ", text)) == 3
    assert len(re.findall(r"127\.0\.0\.1:\d+ +replica ", text)) == 3
    assert f"*127.0.0.1:{base}" in text
    assert "16384 of 16384 slots served, cluster_state:ok" in text


def test_down_stops_what_a_crashed_up_started():
    require_redis()
    base = free_base()
    up = subprocess.Popen([SCRIPT, "up", "--port", str(base)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert wait_until(lambda: len(recorded_pids(base)) >= 3, timeout=20), "the nodes never started"
    finally:
        os.killpg(up.pid, signal.SIGKILL)
        up.wait()
    pids = recorded_pids(base)
    assert pids
    down = cluster("down", "--port", str(base))
    assert down.returncode == 0, down.stderr
    assert all(wait_until(lambda pid=pid: process_gone(pid)) for pid in pids)
    assert not os.path.exists(state_dir(base))


def test_top_sums_the_masters_and_shows_each(local_cluster):
    base = local_cluster
    keys = ["foo", "bar", "baz"]  # slots 12182, 5061, 4813: two masters
    for key in keys:
        subprocess.run(["redis-cli", "-c", "-p", str(base), "SET", key, "1"], capture_output=True, check=True)
    # Every command goes to each master's slowlog: top shows the slowest, naming its node.
    for port in range(base, base + 3):
        subprocess.run(["redis-cli", "-p", str(port), "CONFIG", "SET", "slowlog-log-slower-than", "0"], capture_output=True, check=True)
    top = subprocess.Popen([RWB_BIN, "-p", str(base), "top", "--samples", "2", "--interval", "1s", "--json"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = json.loads(top.stdout.readline())
    script = "".join(f"GET {key}\nGET {key}:missing\n" for key in keys for _ in range(20))
    subprocess.run(["redis-cli", "-c", "-p", str(base)], input=script, capture_output=True, text=True, check=True)
    second = json.loads(top.stdout.readline())
    assert top.wait(timeout=10) == 0
    assert len(first["nodes"]) == 3 and len(second["nodes"]) == 3
    assert second["keys"] == [{"database": "db0", "keys": 3, "expires": 0}]
    assert sum(node["keys"] for node in second["nodes"]) == 3
    # 60 hits and 60 misses over the cluster, whichever masters served them.
    assert second["hit_ratio"] == 0.5
    assert abs(sum(node["ops_per_sec"] for node in second["nodes"]) - second["ops_per_sec"]) < 0.1
    # Only entries logged after top started, each with the master whose slowlog holds it.
    masters = {node["node"] for node in second["nodes"]}
    assert second["slowest"] and all(entry["node"] in masters for entry in second["slowest"])
    assert all(entry["command"].split()[0] in ("GET", "INFO", "SLOWLOG") for entry in second["slowest"]), second["slowest"]
    assert not any("CONFIG" in entry["command"] for entry in second["slowest"])
