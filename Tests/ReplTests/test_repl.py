"""rwb's REPL under a pseudo-terminal, against a private redis-server per test."""

import os
import re
import signal
import stat
import time

import pexpect
import pytest

from conftest import PROMPT_RE, TIMEOUT, clean, process_gone, require_redis, wait_until

UP = "\x1b[A"


def blocked_clients(server):
    match = re.search(r"blocked_clients:(\d+)", server.cli("INFO", "clients"))
    return int(match.group(1)) if match else -1


# 1. Prompt ----------------------------------------------------------------------------

def test_prompt_shows_database_and_transaction(redis_server, repl):
    base = f"127.0.0.1:{redis_server.port}"
    assert repl.prompt == f"{base}> "

    assert repl.run("SELECT 2") == "OK"
    assert repl.prompt == f"{base}[2]> "

    assert repl.run("MULTI") == "OK"
    assert repl.prompt == f"{base}[2](TX)> "
    assert repl.run("SET rwb:k 1") == "QUEUED"
    assert repl.prompt == f"{base}[2](TX)> "
    assert repl.run("EXEC") == "1) OK"
    assert repl.prompt == f"{base}[2]> "

    assert repl.run("MULTI") == "OK"
    assert repl.prompt == f"{base}[2](TX)> "
    assert repl.run("DISCARD") == "OK"
    assert repl.prompt == f"{base}[2]> "

    assert repl.run("SELECT 0") == "OK"
    assert repl.prompt == f"{base}> "
    # The write went to database 2.
    assert redis_server.cli("-n", "2", "GET", "rwb:k").strip() == "1"


def test_prompt_shows_database_given_with_n(redis_server, spawn_rwb):
    repl = spawn_rwb("-p", str(redis_server.port), "-n", "3")
    assert repl.prompt == f"127.0.0.1:{redis_server.port}[3]> "
    assert repl.run("SET rwb:n 1") == "OK"
    assert redis_server.cli("-n", "3", "EXISTS", "rwb:n").strip() == "1"


# 2. Reply formatting --------------------------------------------------------------------

def test_replies_formatted_like_redis_cli(repl):
    assert repl.run("INCR rwb:counter") == "(integer) 1"
    assert repl.run("GET rwb:missing") == "(nil)"
    assert repl.run("RPUSH rwb:list a b") == "(integer) 2"
    assert repl.run("LRANGE rwb:list 0 -1") == '1) "a"\n2) "b"'
    assert repl.run("LRANGE rwb:nothing 0 -1") == "(empty array)"
    assert repl.run("SET rwb:s hello") == "OK"
    assert repl.run("GET rwb:s") == '"hello"'
    out = repl.run("NOSUCHCOMMAND x")
    assert out.startswith("(error) ERR unknown command 'NOSUCHCOMMAND'"), out
    out = repl.run("GET")
    assert out == "(error) ERR wrong number of arguments for 'get' command", out


def redis_cli_tty(port, *args):
    """redis-cli one-shot with its stdout on a pty, so it prints its TTY format."""
    child = pexpect.spawn("redis-cli", ["-p", str(port), *args], timeout=TIMEOUT,
                          encoding="utf-8", dimensions=(40, 250))
    child.expect(pexpect.EOF)
    child.close()
    return clean(child.before).rstrip("\n")


SEED = [
    "HSET rwb:h f1 v1 f2 v2",
    "ZADD rwb:z 1 one 2.5 two",
    "XADD rwb:x 1-1 name ann age 7",
    "XADD rwb:x 2-1 name bob",
    "SADD rwb:set only",
    'SET rwb:bin "a\\x00b\\n\\"q\\""',
]

COMPARED = [
    "HGETALL rwb:h",
    "ZRANGE rwb:z 0 -1 WITHSCORES",
    "XRANGE rwb:x - +",
    "SMEMBERS rwb:set",
    "GET rwb:bin",
    "MGET rwb:h rwb:missing rwb:bin",
    "LPOS rwb:nolist x",
    "INCRBYFLOAT rwb:f 1.5",
    "HGET rwb:h",
    "OBJECT ENCODING rwb:nothing",
]


def test_replies_match_redis_cli_byte_for_byte(redis_server, repl):
    for line in SEED:
        assert not repl.run(line).startswith("(error)"), line
    for line in COMPARED:
        if line.startswith("INCRBYFLOAT"):
            redis_server.cli("DEL", "rwb:f")
        mine = repl.run(line)
        if line.startswith("INCRBYFLOAT"):
            redis_server.cli("DEL", "rwb:f")
        theirs = redis_cli_tty(redis_server.port, *line.split())
        assert mine == theirs, f"{line}:\nrwb:\n{mine}\nredis-cli:\n{theirs}"


# 3. TAB completion -----------------------------------------------------------------------

def complete(repl, typed, expected):
    """Types `typed`, presses TAB, and waits until the line reads `expected`."""
    repl.child.send(typed)
    repl.expect_exact(typed)
    repl.child.send("\t")
    repl.expect_exact(expected[len(typed):])


def test_tab_completes_command_names(repl):
    complete(repl, "PIN", "PING ")
    repl.child.send("\r")
    assert repl.wait_prompt().strip().endswith("PONG")

    complete(repl, "pin", "ping ")
    repl.child.send("\r")
    assert repl.wait_prompt().strip().endswith("PONG")


def test_tab_completes_subcommands(repl):
    complete(repl, "CONFIG GE", "CONFIG GET ")
    repl.child.send("maxmemory-policy\r")
    assert repl.wait_prompt().strip().endswith('2) "noeviction"')

    complete(repl, "config ge", "config get ")
    repl.child.send("maxmemory-policy\r")
    assert repl.wait_prompt().strip().endswith('2) "noeviction"')


def test_tab_completes_dot_commands(repl):
    complete(repl, ".he", ".help ")
    repl.child.send("\r")
    assert ".connect URL" in repl.wait_prompt()

    complete(repl, ".mode r", ".mode raw ")
    repl.child.send("\r")
    repl.wait_prompt()
    assert repl.run("INCR rwb:c") == "1"


def test_tab_completes_key_names(redis_server, repl):
    assert repl.run("SET rwb:alpha 1") == "OK"
    redis_server.cli("SET", "other:alpha", "2")
    complete(repl, "GET rwb:al", "GET rwb:alpha ")
    repl.child.send("\r")
    assert repl.wait_prompt().strip().endswith('"1"')


def test_double_tab_lists_candidates(repl):
    repl.child.send("LPO")
    repl.expect_exact("LPO")
    repl.child.send("\t\t")
    listing = repl.expect_exact(repl.prompt + "LPO")  # the list, then the line drawn again
    assert "LPOP" in listing and "LPOS" in listing, listing
    repl.child.send("S\r")  # the line still holds `LPO`
    out = repl.wait_prompt()
    assert "wrong number of arguments for 'lpos'" in out, out


# 4. History --------------------------------------------------------------------------------

SECRETS = ["secret", "requirepass", "SETUSER", ">pw", "u:pw", ":pw@", "AUTH"]


def test_history_keeps_secrets_out_and_is_private(redis_server, repl, histfile, spawn_rwb):
    port = redis_server.port
    assert repl.run("SET a 1") == "OK"
    assert repl.run("AUTH default secret") == "OK"

    repl.child.sendline("CONFIG SET requirepass x")
    repl.expect_exact("[y/N] ")
    repl.child.sendline("n")
    assert "(not sent)" in repl.wait_prompt()
    assert redis_server.cli("CONFIG", "GET", "requirepass").split() == ["requirepass"]

    assert repl.run("ACL SETUSER bob on >pw") == "OK"
    assert repl.run("ACL SETUSER u on >pw ~* &* +@all") == "OK"
    out = repl.run(f".connect redis://u:pw@127.0.0.1:{port}")
    assert out == f"connected to redis://u:***@127.0.0.1:{port}", out
    assert repl.run("ACL WHOAMI") == '"u"'
    assert repl.run(" SET hidden 1") == "OK"  # a leading space keeps a line out
    assert repl.run("GET a") == '"1"'
    assert repl.quit() == 0

    mode = stat.S_IMODE(os.stat(histfile).st_mode)
    assert mode == 0o600, oct(mode)
    with open(histfile) as f:
        lines = f.read().splitlines()
    for secret in SECRETS:
        assert not any(secret in line for line in lines), (secret, lines)
    assert [line for line in lines if line not in (".quit", "ACL WHOAMI")] == ["SET a 1", "GET a"], lines
    assert "hidden" not in "\n".join(lines)

    # A second session recalls `GET a` with the Up arrow.
    second = spawn_rwb("-p", str(port))
    ups = len(lines) - max(i for i, line in enumerate(lines) if line == "GET a")
    second.child.send(UP * ups)
    second.expect_exact("GET a")
    second.child.send("\r")
    out = second.wait_prompt()
    assert out.strip().endswith('"1"'), out
    assert second.quit() == 0


# 5. and 6. Ctrl-C ---------------------------------------------------------------------------

def test_history_file_is_compacted_at_start(redis_server, spawn_rwb, histfile):
    with open(histfile, "w") as f:
        for i in range(2500):
            f.write(f"GET k{i}\n")
    os.chmod(histfile, 0o600)
    repl = spawn_rwb("-p", str(redis_server.port))
    with open(histfile) as f:
        lines = f.read().splitlines()
    assert len(lines) == 1000 and lines[-1] == "GET k2499", len(lines)
    assert repl.run("PING") == "PONG"


def test_ctrl_c_cancels_blocking_command(redis_server, repl):
    repl.child.sendline("BLPOP rwb:q 0")
    assert wait_until(lambda: blocked_clients(redis_server) == 1)
    time.sleep(0.5)
    repl.child.sendintr()
    out = repl.wait_prompt()
    assert "(interrupted)" in out, out
    # The blocked connection is gone on the server's side too.
    assert wait_until(lambda: blocked_clients(redis_server) == 0)
    out = repl.run("PING")
    assert out.splitlines()[-1] == "PONG", out
    assert repl.prompt == f"127.0.0.1:{redis_server.port}> "
    # Nothing pushed later is eaten by a leftover BLPOP.
    redis_server.cli("RPUSH", "rwb:q", "x")
    assert repl.run("LLEN rwb:q") == "(integer) 1"


def test_ctrl_c_reconnect_keeps_database(redis_server, repl):
    assert repl.run("SELECT 2") == "OK"
    assert repl.run("SET rwb:k v") == "OK"
    repl.child.sendline("BLPOP rwb:q 0")
    time.sleep(0.5)
    repl.child.sendintr()
    assert "(interrupted)" in repl.wait_prompt()
    out = repl.run("GET rwb:k")
    assert out.splitlines()[-1] == '"v"', out
    assert repl.prompt == f"127.0.0.1:{redis_server.port}[2]> "


def test_ctrl_c_at_prompt_discards_typed_line(redis_server, repl, histfile):
    repl.child.send("SET rwb:x 1")
    repl.expect_exact("SET rwb:x 1")
    repl.child.sendintr()
    repl.wait_prompt()
    assert repl.run("EXISTS rwb:x") == "(integer) 0"
    assert redis_server.cli("EXISTS", "rwb:x").strip() == "0"
    # A fresh line after Ctrl-C starts empty: what is typed next runs alone.
    assert repl.run("PING") == "PONG"
    with open(histfile) as f:
        assert "SET rwb:x 1" not in f.read()


def test_ctrl_c_discards_continuation_lines(redis_server, repl):
    repl.child.sendline("SET rwb:y \\")
    repl.expect_exact("... ")
    repl.child.send("1")
    repl.expect_exact("1")
    repl.child.sendintr()
    repl.wait_prompt()  # the abandoned line is left on screen; a fresh prompt follows
    out = repl.run("EXISTS rwb:y")
    assert out.splitlines()[-1] == "(integer) 0", out
    # and a continuation still works afterwards
    repl.child.sendline("SET rwb:y \\")
    repl.expect_exact("... ")
    repl.child.sendline("2")
    assert repl.wait_prompt().strip().endswith("OK")
    assert redis_server.cli("GET", "rwb:y").strip() == "2"


def test_ctrl_c_at_continuation_shows_normal_prompt(redis_server, repl):
    repl.child.sendline("SET rwb:y \\")
    repl.expect_exact("... ")
    repl.child.send("1")
    repl.expect_exact("1")
    repl.child.sendintr()
    repl.child.expect([PROMPT_RE, r"\.\.\. "])
    assert repl.child.after == f"127.0.0.1:{redis_server.port}> "


def test_ctrl_c_at_confirmation_cancels_it(redis_server, repl):
    assert repl.run("SET rwb:k 1") == "OK"
    repl.child.sendline("FLUSHALL")
    repl.expect_exact("[y/N] ")
    repl.child.sendintr()
    out = repl.wait_prompt(timeout=2)
    assert "(not sent)" in out, out
    assert repl.run("DBSIZE") == "(integer) 1"


def test_ctrl_c_interrupts_dot_sleep(redis_server, repl):
    repl.child.sendline(".sleep 4000")
    time.sleep(0.3)
    repl.child.sendintr()
    start = time.monotonic()
    try:
        repl.wait_prompt(timeout=2)
    finally:
        waited = time.monotonic() - start
    assert waited < 1.5, waited
    assert repl.prompt == f"127.0.0.1:{redis_server.port}> "


def test_ctrl_c_stops_a_sourced_script(redis_server, repl, workdir):
    script = os.path.join(workdir, "slow.rwb")
    with open(script, "w") as f:
        f.write(".sleep 1500\nSET rwb:after 1\n")
    repl.child.sendline(f".source {script}")
    time.sleep(0.3)
    repl.child.sendintr()
    repl.wait_prompt()
    assert redis_server.cli("EXISTS", "rwb:after").strip() == "0"


# 7. Ctrl-D ----------------------------------------------------------------------------------

def test_ctrl_d_exits_with_status_0(repl):
    repl.child.sendeof()
    assert repl.wait_exit() == 0


def test_quit_exits_with_status_0(repl):
    assert repl.quit() == 0


@pytest.mark.parametrize("word", ["quit", "EXIT"])
def test_quit_and_exit_without_a_dot_leave_as_in_redis_cli(repl, word):
    repl.child.sendline(word)
    repl.child.expect(pexpect.EOF)
    repl.child.close()
    assert repl.child.exitstatus == 0


# 8. Reconnects ------------------------------------------------------------------------------

def test_reconnects_after_server_restart_on_same_port(redis_server, repl):
    port = redis_server.port
    assert repl.run("PING") == "PONG"
    redis_server.stop()
    redis_server.start()  # a new server on the same port
    outputs = []
    for _ in range(2):
        out = repl.run("PING")  # bounded by the prompt timeout: never hangs
        outputs.append(out)
        if out.splitlines() and out.splitlines()[-1] == "PONG":
            break
    assert outputs[-1].splitlines()[-1] == "PONG", outputs
    # What it prints today: the first PING reconnects and says so.
    assert outputs[0] == f"(reconnected to redis://127.0.0.1:{port})\nPONG", outputs
    assert repl.prompt == f"127.0.0.1:{port}> "
    assert repl.run("PING") == "PONG"


def test_server_down_reports_and_recovers(redis_server, repl):
    port = redis_server.port
    assert repl.run("PING") == "PONG"
    redis_server.stop()
    out = repl.run("PING")
    assert out == f"(error) Could not connect to Redis at 127.0.0.1:{port}: Connection refused", out
    assert repl.prompt == "not connected> "
    redis_server.start()
    out = repl.run("PING")
    assert out == f"(reconnected to redis://127.0.0.1:{port})\nPONG", out
    assert repl.prompt == f"127.0.0.1:{port}> "


# 9. Confirmation ----------------------------------------------------------------------------

def test_flushall_asks_and_no_keeps_the_keys(redis_server, repl):
    assert repl.run("SET rwb:k 1") == "OK"
    repl.child.sendline("FLUSHALL")
    question = repl.expect_exact("[y/N] ")
    assert "FLUSHALL deletes every key in every database." in question
    repl.child.sendline("n")
    assert "(not sent)" in repl.wait_prompt()
    assert redis_server.cli("DBSIZE").strip() == "1"
    assert repl.run("DBSIZE") == "(integer) 1"

    repl.child.sendline("FLUSHDB")
    repl.expect_exact("[y/N] ")
    repl.child.sendline("")  # Enter alone is no
    assert "(not sent)" in repl.wait_prompt()
    assert redis_server.cli("DBSIZE").strip() == "1"

    repl.child.sendline("FLUSHALL")
    repl.expect_exact("[y/N] ")
    repl.child.sendline("y")
    assert repl.wait_prompt().strip().endswith("OK")
    assert redis_server.cli("DBSIZE").strip() == "0"


def test_yes_flag_skips_confirmation(redis_server, spawn_rwb):
    repl = spawn_rwb("--yes", "-p", str(redis_server.port))
    assert repl.run("SET rwb:k 1") == "OK"
    out = repl.run("FLUSHALL")
    assert out == "OK", out
    assert redis_server.cli("DBSIZE").strip() == "0"


# 10. Pub/sub and pushes ---------------------------------------------------------------------

def test_subscribe_streams_messages_until_ctrl_c(redis_server, repl):
    repl.child.sendline("SUBSCRIBE rwb:ch")
    # redis-cli's order: the notice, then the confirmation.
    repl.expect_exact("Reading messages... (press Ctrl-C to quit)\r\n")
    repl.expect_exact('1) "subscribe"\r\n2) "rwb:ch"\r\n3) (integer) 1')
    assert redis_server.cli("PUBLISH", "rwb:ch", "hello").strip() == "1"
    repl.expect_exact('1) "message"\r\n2) "rwb:ch"\r\n3) "hello"')
    assert redis_server.cli("PUBLISH", "rwb:ch", "again").strip() == "1"
    repl.expect_exact('1) "message"\r\n2) "rwb:ch"\r\n3) "again"')
    repl.child.sendintr()
    repl.wait_prompt()
    # The subscription is gone on the server, and the shell works again.
    assert wait_until(lambda: redis_server.cli("PUBLISH", "rwb:ch", "x").strip() == "0")
    out = repl.run("PING")
    assert out.splitlines()[-1] == "PONG", out
    assert repl.prompt == f"127.0.0.1:{redis_server.port}> "


def test_monitor_streams_until_ctrl_c(redis_server, repl):
    repl.child.sendline("MONITOR")
    repl.expect_exact("Reading messages... (press Ctrl-C to quit)")
    # The notice comes before MONITOR is sent (as in redis-cli): its OK says it is on.
    repl.expect_exact("OK")
    redis_server.cli("SET", "rwb:m", "1")
    repl.expect_exact('"SET" "rwb:m" "1"')
    repl.child.sendintr()
    repl.wait_prompt()
    out = repl.run("GET rwb:m")
    assert out.splitlines()[-1] == '"1"', out


def test_push_is_printed_above_the_prompt_keeping_typed_text(redis_server, spawn_rwb):
    repl = spawn_rwb("-3", "-p", str(redis_server.port))
    assert repl.run("SET rwb:t 1") == "OK"
    assert repl.run("CLIENT TRACKING on") == "OK"
    assert repl.run("GET rwb:t") == '"1"'
    repl.child.send("PIN")
    repl.expect_exact("PIN")
    redis_server.cli("SET", "rwb:t", "2")
    repl.expect_exact("invalidate")
    # The prompt is drawn again with the half-typed line after the message.
    repl.child.expect(PROMPT_RE + "PIN")
    above = clean(repl.child.before)
    assert "rwb:t" in above, above
    repl.child.send("G\r")
    out = repl.wait_prompt()
    assert out.strip().endswith("PONG"), out


# 11. Dot-commands and help ------------------------------------------------------------------

def test_help_lists_dot_commands(repl):
    out = repl.run(".help")
    assert out.splitlines()[0].startswith("Workbench commands")
    for name in [".help", ".connect URL", ".mode tty|raw|json|csv", ".timing on|off", ".trace on|off",
                 ".source FILE", ".server start|stop|status", ".clean", ".quit"]:
        assert any(line.strip().startswith(name) for line in out.splitlines()), (name, out)


def test_help_command_prints_synopsis(repl):
    out = repl.run("help GET")
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert lines[0] == "GET key", out
    assert "summary: Get the value of a key" in lines, out
    assert "group: string" in lines, out


def test_unknown_dot_command_suggests(repl):
    out = repl.run(".hepl")
    assert out == "(error) unknown command .hepl (did you mean .help?)", out


def test_mode_raw_prints_bare_lines(repl):
    assert repl.run("RPUSH rwb:l a b") == "(integer) 2"
    assert repl.run(".mode raw") == ""
    assert repl.run("LRANGE rwb:l 0 -1") == "a\nb"
    assert repl.run("LLEN rwb:l") == "2"
    assert repl.run("GET rwb:none") == ""
    assert repl.run(".mode tty") == ""
    assert repl.run("LRANGE rwb:l 0 -1") == '1) "a"\n2) "b"'


def test_mode_json(repl):
    assert repl.run(".mode json") == ""
    assert repl.run("RPUSH rwb:l a b") == "2"
    assert repl.run("LRANGE rwb:l 0 -1") == '["a","b"]'


def test_timing_on_shows_elapsed_time(repl):
    assert repl.run(".timing on") == ""
    out = repl.run("PING")
    assert re.fullmatch(r"PONG\n\(\d+\.\d\ds\)", out), out
    assert repl.run(".timing off") == ""
    assert repl.run("PING") == "PONG"


def test_trace_on_shows_wire_bytes(repl):
    assert repl.run("PING") == "PONG"  # connected: the handshake is not part of what follows
    assert repl.run(".trace on") == ""
    out = repl.run("PING")
    assert out.splitlines() == ["-> *1\\r\\n$4\\r\\nPING\\r\\n", "<- +PONG\\r\\n", "PONG"], out
    out = repl.run("SET rwb:k v")
    assert out.splitlines() == [
        "-> *3\\r\\n$3\\r\\nSET\\r\\n$5\\r\\nrwb:k\\r\\n$1\\r\\nv\\r\\n", "<- +OK\\r\\n", "OK"], out
    assert repl.run(".trace off") == ""
    assert repl.run("PING") == "PONG"


# 12. Throwaway servers never outlive rwb ----------------------------------------------------

def start_local(spawn_rwb):
    require_redis()
    repl = spawn_rwb("--local", wait=False)
    repl.child.expect(r"rwb: started a throwaway redis-server on 127\.0\.0\.1:(\d+) \(pid (\d+)\)")
    port, pid = int(repl.child.match.group(1)), int(repl.child.match.group(2))
    repl.wait_prompt()
    assert repl.prompt == f"127.0.0.1:{port}> "
    assert repl.run("PING") == "PONG"
    assert not process_gone(pid)
    return repl, port, pid


def test_local_server_stopped_on_sigterm(spawn_rwb):
    repl, port, pid = start_local(spawn_rwb)
    repl.child.kill(signal.SIGTERM)
    assert repl.wait_exit() == 128 + signal.SIGTERM
    assert wait_until(lambda: process_gone(pid)), f"redis-server {pid} outlived rwb"


def test_local_server_stopped_on_sighup(spawn_rwb):
    repl, port, pid = start_local(spawn_rwb)
    repl.child.kill(signal.SIGHUP)  # what the terminal sends when its window closes
    assert repl.wait_exit() == 128 + signal.SIGHUP
    assert wait_until(lambda: process_gone(pid)), f"redis-server {pid} outlived rwb"


def test_local_server_stopped_on_quit(spawn_rwb):
    repl, port, pid = start_local(spawn_rwb)
    status = repl.run(".server status")
    match = re.search(r"pid (\d+), 127\.0\.0\.1:(\d+), data in (\S+)", status)
    assert match, status
    assert (int(match.group(1)), int(match.group(2))) == (pid, port)
    directory = match.group(3)
    assert os.path.isdir(directory)
    assert repl.quit() == 0
    assert wait_until(lambda: process_gone(pid)), f"redis-server {pid} outlived rwb"
    assert wait_until(lambda: not os.path.exists(directory)), directory


def test_local_server_stopped_on_ctrl_d(spawn_rwb):
    repl, port, pid = start_local(spawn_rwb)
    repl.child.sendeof()
    assert repl.wait_exit() == 0
    assert wait_until(lambda: process_gone(pid)), f"redis-server {pid} outlived rwb"


def start_with_dot_server(redis_server, spawn_rwb):
    """rwb on a server of the test's, then `.server start`: a second, throwaway one."""
    repl = spawn_rwb("-p", str(redis_server.port))
    repl.child.sendline(".server start")
    repl.child.expect(r"started a throwaway redis-server at 127\.0\.0\.1:(\d+) \(pid (\d+)\)")
    pid = int(repl.child.match.group(2))
    repl.wait_prompt()
    directory = re.search(r"data in (\S+)", repl.run(".server status")).group(1)
    assert not process_gone(pid)
    return repl, pid, directory


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_dot_server_stopped_on_signal(redis_server, spawn_rwb, signum):
    repl, pid, directory = start_with_dot_server(redis_server, spawn_rwb)
    repl.child.kill(signum)
    assert repl.wait_exit() == 128 + signum
    assert wait_until(lambda: process_gone(pid)), f"redis-server {pid} outlived rwb"
    assert wait_until(lambda: not os.path.exists(directory)), directory


def test_dot_server_not_orphaned_by_sigkill(redis_server, spawn_rwb):
    # SIGKILL cannot be caught: the server's parent-death signal stops it.
    repl, pid, _ = start_with_dot_server(redis_server, spawn_rwb)
    repl.child.kill(signal.SIGKILL)
    repl.wait_exit()
    assert wait_until(lambda: process_gone(pid), timeout=10), f"redis-server {pid} outlived a SIGKILLed rwb"


def test_source_cycle_is_refused_and_the_prompt_returns(redis_server, repl, workdir):
    with open(os.path.join(workdir, "a.rwb"), "w") as a:
        a.write(".source " + os.path.join(workdir, "b.rwb") + "\n")
    with open(os.path.join(workdir, "b.rwb"), "w") as b:
        b.write(".source " + os.path.join(workdir, "a.rwb") + "\n")
    out = repl.run(".source " + os.path.join(workdir, "a.rwb"))
    assert ".source cycle:" in out and out.count("\n") == 0, out
    assert repl.run("PING") == "PONG"


# Labs ---------------------------------------------------------------------------------------

def test_lab_lists_and_runs_and_expect_reads_its_report(redis_server, repl):
    out = repl.run(".lab")
    assert "cache-aside" in out and "hash-profiles" in out, out
    out = repl.run(".lab cache-aside --quick --strategy lock --clients 2 --requests 200", timeout=60)
    assert "cache-aside lab · seed 1" in out and "What this shows" in out, out
    assert repl.run(".expect lab.strategies.lock.requests == 200") == ""
    out = repl.run(".expect lab.strategies.lock.nosuch == 1")
    assert "no field lab.strategies.lock.nosuch" in out, out
    assert redis_server.cli("DBSIZE").strip() == "0"


def test_ctrl_c_stops_a_lab_and_the_repl_stays(redis_server, repl):
    repl.child.sendline(".lab cache-aside --scenario stampede --duration 60s --strategy naive")
    repl.expect_exact("cache-aside", timeout=10)
    time.sleep(1.5)
    repl.child.sendintr()
    out = repl.wait_prompt(timeout=20)
    assert "Partial: the run stopped early (interrupted)" in out, out
    assert repl.run("PING") == "PONG"
    assert redis_server.cli("DBSIZE").strip() == "0"


# Inline hints -----------------------------------------------------------------------------

def test_inline_hint_shows_the_remaining_arguments_and_is_erased_on_enter(redis_server, spawn_rwb, rwb_env):
    env = dict(rwb_env)
    del env["RWB_HINTS"]
    repl = spawn_rwb("-p", str(redis_server.port), env=env)
    repl.child.send("SET rwb:h ")
    # The hint is drawn in grey (ESC[90m) after the cursor, as redis-cli draws it.
    repl.child.expect_exact("\x1b[90mvalue [NX|XX]")
    repl.child.send("v")
    repl.child.expect_exact("\x1b[90m [NX|XX]")
    repl.child.send("\r")
    # On Enter the hint left on the accepted line is erased (cursor up, to its column, clear).
    repl.child.expect_exact("\x1b[A\r")
    repl.child.expect_exact("\x1b[K")
    repl.wait_prompt()
    assert redis_server.cli("GET", "rwb:h").strip() == "v"


def lab_settings(server):
    return (server.cli("config", "get", "maxmemory").split()[-1],
            server.cli("config", "get", "maxmemory-policy").split()[-1],
            server.cli("dbsize").strip())


@pytest.mark.parametrize("ending", [("SIGINT", "cancels the lab, the REPL stays"), ("SIGTERM", "ends rwb")])
def test_signal_during_a_lab_restores_its_settings(redis_server, repl, ending):
    """A lab that changed maxmemory, then Ctrl-C (the REPL goes on) or SIGTERM (rwb exits):
    either way the settings are put back and the lab's keys removed first."""
    signal_name, _ = ending
    repl.child.sendline(".lab eviction --quick --allow-config --policy allkeys-lru")
    assert wait_until(lambda: lab_settings(redis_server)[0] != "0", timeout=60)
    if signal_name == "SIGINT":
        repl.child.sendintr()
        out = repl.wait_prompt(timeout=60)
        assert "(interrupted)" in out, out
        assert repl.run("PING") == "PONG"
    else:
        os.kill(repl.pid, signal.SIGTERM)
        assert repl.wait_exit(timeout=60) == 143
    assert lab_settings(redis_server) == ("0", "noeviction", "0")
