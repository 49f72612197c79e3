"""`rwb --ldb --eval` and `--ldb-sync-mode` under a pseudo-terminal, beside redis-cli.

The same session is typed into redis-cli and into rwb on one server, and each command's
output (the debugger's log lines, in redis-cli's colours: TERM=xterm) must be the same
bytes. Then what is rwb's alone: Ctrl-C and Ctrl-D at the prompt, bad usage, a server that
goes away.
"""
import os
import re
import signal
import subprocess

import pexpect

from conftest import RWB_BIN, TIMEOUT, RedisServer, clean

SCRIPT = """local key = KEYS[1]
local value = ARGV[1]
redis.call('SET', key, value)
local got = redis.call('GET', key)
redis.debug('got', got)
return got
"""

# The debugger's prompt, or the server's once the session is over. redis-cli's linenoise
# redraws the prompt with each key typed; those redraws come before the Enter's CRLF.
PROMPT_RE = r"lua debugger> |127\.0\.0\.1:\d+> "

# A forked session: step, print, a breakpoint, list, eval, redis, maxlen (60 bytes at the
# least: a trimmed reply and its hint), trace, help, an unknown command, then abort. Deterministic throughout.
FORKED_SESSION = [
    "s", "next", "print", "p key", "b 5", "b", "c", "list", "l 2 1", "whole",
    "eval return 1+1", "e redis.call('ping')", "redis PING", "r GET rwb:ldb:long",
    "maxlen 3", "r GET rwb:ldb:long", "m 0", "r GET rwb:ldb:long", "t", "help", "nosuch", "abort", "PING",
]


def write_script(directory):
    path = os.path.join(directory, "debug_me.lua")
    with open(path, "w") as script:
        script.write(SCRIPT)
    return path


def spawn(program, args, env, cwd):
    return pexpect.spawn(program, args, env=env, cwd=cwd, timeout=TIMEOUT, encoding="utf-8",
                         codec_errors="replace", dimensions=(40, 200))


def outputs(child, lines):
    """The start-up output, then each line's output up to the next prompt (CRLF -> LF)."""
    child.expect(PROMPT_RE)
    seen = [child.before.replace("\r\n", "\n")]
    for line in lines:
        child.send(line + "\r")
        child.expect_exact("\r\n")  # the end of the echoed line
        child.expect(PROMPT_RE)
        seen.append(child.before.replace("\r\n", "\n"))
    return seen


def run_session(program, args, lines, env, cwd):
    child = spawn(program, args, env, cwd)
    try:
        seen = outputs(child, lines)
        child.send("quit\r")
        child.expect(pexpect.EOF)
        child.close()
        return seen, child.exitstatus
    finally:
        child.close(force=True)


def test_a_forked_session_prints_what_redis_cli_prints(redis_server, rwb_env, workdir):
    redis_server.cli("SET", "rwb:ldb:long", "x" * 300)
    script = write_script(workdir)
    args = ["-p", str(redis_server.port), "--ldb", "--eval", script, "rwb:ldb:k", ",", "v1"]
    theirs, their_status = run_session("redis-cli", args, FORKED_SESSION, rwb_env, workdir)
    ours, our_status = run_session(RWB_BIN, args, FORKED_SESSION, rwb_env, workdir)
    assert their_status == our_status == 0
    for line, their_output, our_output in zip(["(start)"] + FORKED_SESSION, theirs, ours):
        assert our_output == their_output, f"after {line!r}"
    text = clean("".join(ours))
    # The points of the session, as the server reported them (colours on: an xterm).
    assert "\x1b[0;33;49m-> 1   local key = KEYS[1]\x1b[0m\n" in ours[0]
    assert "* Stopped at 5, stop reason = break point" in text
    assert "<retval> 2" in text and '<retval> {["ok"]="PONG"}' in text
    # Cut at the default 256 bytes with the hint, at maxlen's least (60: "maxlen 3" is 60) without.
    assert f'<reply> "{"x" * 247} ...\n<hint> The above reply was trimmed' in text
    assert f'<reply> "{"x" * 51} ...\n' in text and text.count("<hint>") == 1
    assert f'<reply> "{"x" * 300}"\n' in text
    assert "(error) ERR script aborted for user request" in text
    assert "(Lua debugging session ended -- dataset changes rolled back)" in text
    assert ours[-1] == "PONG\n"
    # Forked: the SET the script made is gone with its process.
    assert redis_server.cli("EXISTS", "rwb:ldb:k").strip() == "0"


def test_a_sync_session_keeps_its_changes_and_restart_debugs_again(redis_server, rwb_env, workdir):
    script = write_script(workdir)
    args = ["-p", str(redis_server.port), "--ldb-sync-mode", "--eval", script, "rwb:ldb:k", ",", "v2"]
    lines = ["s", "3 s", "c", "GET rwb:ldb:k", "restart", "s"]
    env = dict(rwb_env, TERM="dumb")
    theirs, _ = run_session("redis-cli", args, lines, env, workdir)
    redis_server.cli("DEL", "rwb:ldb:k")
    ours, status = run_session(RWB_BIN, args, lines, env, workdir)
    assert status == 0
    assert ours == theirs
    text = "".join(ours)
    assert '<debug> line 5: "got", "v2"\n\n"v2"\n\n(Lua debugging session ended)\n\n' in text
    assert ours[4] == '"v2"\n'
    assert ours[5].startswith("\nLua debugging session started, please use:\n")
    assert "-> 2   local value = ARGV[1]" in ours[6]


def test_ctrl_d_and_ctrl_c_at_the_prompt_leave_with_a_sane_terminal(redis_server, rwb_env, workdir):
    script = write_script(workdir)
    for key in ("\x04", "\x03"):
        # stty after rwb: the terminal rwb leaves behind, as the shell would find it. (The
        # shell traps Ctrl-C so that it outlives it; rwb, exec'd, gets the default action.)
        command = f"trap true INT; {RWB_BIN} -p {redis_server.port} --ldb --eval {script} k; echo status=$?; stty -a"
        child = spawn("/bin/sh", ["-c", command], rwb_env, workdir)
        try:
            child.expect_exact("lua debugger> ")
            child.send("s\r")
            child.expect_exact("-> 2   local value = ARGV[1]")
            child.expect_exact("lua debugger> ")
            child.send(key)
            child.expect(r"status=(\d+)")
            assert child.match.group(1) == "0", repr(key)
            child.expect(pexpect.EOF)
            settings = child.before
            assert re.search(r"(?<!-)icanon", settings) and re.search(r"(?<!-)\becho\b", settings), settings
        finally:
            child.close(force=True)


def test_a_script_that_does_not_compile_never_reaches_the_prompt(redis_server, rwb_env, workdir):
    path = os.path.join(workdir, "broken.lua")
    with open(path, "w") as script:
        script.write("return redis.call(\n")
    args = ["-p", str(redis_server.port), "--ldb", "--eval", path]
    results = {}
    for program in ("redis-cli", RWB_BIN):
        child = spawn(program, args, dict(rwb_env, TERM="dumb"), workdir)
        child.expect(pexpect.EOF)
        child.close()
        results[program] = (child.before.replace("\r\n", "\n"), child.exitstatus)
    assert results[RWB_BIN][0] == results["redis-cli"][0]
    assert "Eval debugging session can't start:\n(error) ERR Error compiling script" in results[RWB_BIN][0]
    # redis-cli exits 0 here; rwb, as for any error reply, 1.
    assert results[RWB_BIN][1] == 1


def test_bad_usage_and_a_missing_file(rwb_env, workdir):
    def rwb(*args):
        return subprocess.run([RWB_BIN, *args], capture_output=True, text=True, env=rwb_env, cwd=workdir,
                              timeout=TIMEOUT, stdin=subprocess.DEVNULL)

    for flag in ("--ldb", "--ldb-sync-mode"):
        result = rwb(flag)
        assert result.returncode == 2
        assert "Options --ldb and --ldb-sync-mode require --eval." in result.stderr
    refused = rwb("--ldb", "-r", "2", "--eval", "x.lua")
    assert refused.returncode == 2 and "-r shapes one command" in refused.stderr
    missing = rwb("--ldb", "--eval", "nope.lua", "k")
    plain = rwb("--eval", "nope.lua", "k")
    assert missing.returncode == plain.returncode == 2
    assert missing.stderr == plain.stderr and "Can't open file 'nope.lua'" in missing.stderr
    assert missing.stdout == ""


def test_the_server_going_away_is_one_message_and_status_1(rwb_env, workdir):
    script = write_script(workdir)
    server = RedisServer().start()
    try:
        child = spawn(RWB_BIN, ["-p", str(server.port), "--ldb", "--eval", script, "k"], rwb_env, workdir)
        child.expect_exact("lua debugger> ")
        server.stop()
        child.send("s\r")
        child.expect(pexpect.EOF)
        child.close()
        lines = [line for line in clean(child.before).splitlines() if line.strip()]
        assert lines == ["s", "Error: Server closed the connection (the Lua debugging session is over)"]
        assert child.exitstatus == 1
    finally:
        server.remove()
