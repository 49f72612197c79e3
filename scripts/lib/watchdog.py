#!/usr/bin/env python3
"""Runs a test command with a time limit, passing its output through.

A test run that hangs (a task waiting for ever) would otherwise hold CI until its own
limit and end with no clue. Past the limit this prints which tests started and never
finished, the threads of the test process (with gdb, when installed) and its TCP
connections, then stops the command's whole process group (the throwaway redis-servers
the tests started included) and exits 124.

usage: watchdog.py MINUTES COMMAND [ARGUMENT...]
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

STARTED = re.compile(r"◇ Test (.+?) started\.")
ENDED = re.compile(r"[✔✘] Test (.+?) (?:passed|failed|recorded|skipped)")


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    limit = float(sys.argv[1]) * 60
    child = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    running: dict[str, None] = {}
    lock = threading.Lock()

    def relay() -> None:
        assert child.stdout is not None
        for raw in child.stdout:
            sys.stdout.buffer.write(raw)
            sys.stdout.buffer.flush()
            line = raw.decode("utf-8", "replace")
            with lock:
                if (started := STARTED.search(line)):
                    running[started.group(1)] = None
                elif (ended := ENDED.search(line)):
                    running.pop(ended.group(1), None)

    reader = threading.Thread(target=relay, daemon=True)
    reader.start()
    try:
        return child.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        pass
    with lock:
        unfinished = list(running)
    print(f"\nwatchdog: still running after {sys.argv[1]} minutes; tests started and not finished:", flush=True)
    for name in unfinished:
        print(f"  {name}")
    report(child.pid)
    stop(child)
    return 124


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        for kid in children.get(queue.pop(), []):
            found.append(kid)
            queue.append(kid)
    return found


def report(pid: int) -> None:
    for process in [pid] + descendants(pid):
        try:
            with open(f"/proc/{process}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if ".xctest" not in command:
            continue
        print(f"watchdog: test process {process}: {command}", flush=True)
        if shutil.which("ss"):
            subprocess.run(["ss", "-tnp"], check=False)
        if shutil.which("gdb"):
            try:
                subprocess.run(["gdb", "-p", str(process), "-batch", "-ex", "thread apply all bt 25"],
                               stdin=subprocess.DEVNULL, check=False, timeout=120)
            except subprocess.TimeoutExpired:
                print("watchdog: gdb did not finish within 2 minutes", flush=True)


def stop(child: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        for _ in range(50):
            if child.poll() is not None:
                return
            time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
