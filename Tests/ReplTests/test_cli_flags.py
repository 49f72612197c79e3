"""redis-cli flags under a pseudo-terminal: --askpass (masked, never echoed, never in history), --show-pushes."""
import os

import pexpect

from conftest import RWB_BIN, TIMEOUT, clean


def test_askpass_masks_the_password_and_ignores_the_environment(redis_server, rwb_env, histfile):
    redis_server.cli("CONFIG", "SET", "requirepass", "s3cr\u00e9t")
    env = dict(rwb_env, REDISCLI_AUTH="wrong")
    child = pexpect.spawn(RWB_BIN, ["-p", str(redis_server.port), "--askpass", "PING"], env=env, timeout=TIMEOUT,
                          encoding="utf-8", codec_errors="replace")
    child.expect_exact("Please input password: ")
    # A typo first: the backspace takes back one character (two bytes of UTF-8 for é).
    child.send("s3crx\x7f\u00e9t\r")
    child.expect(pexpect.EOF)
    child.close()
    output = clean(child.before)
    assert child.exitstatus == 0, output
    assert "PONG" in output
    # One star per character typed, none of the password itself.
    assert "*****" in output and "s3cr" not in output, output
    assert not os.path.exists(histfile) or "s3cr" not in open(histfile).read()


def test_ctrl_c_at_the_prompt_restores_the_terminal_and_exits_130(redis_server, rwb_env):
    child = pexpect.spawn(RWB_BIN, ["-p", str(redis_server.port), "--askpass", "PING"], env=rwb_env, timeout=TIMEOUT,
                          encoding="utf-8", codec_errors="replace")
    child.expect_exact("Please input password: ")
    child.send("ab\x03")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    # Echo is back on: what the pty shows for the next process is not our concern, but the
    # attributes we changed were put back before exit (no PONG was ever sent).
    assert "PONG" not in clean(child.before)


def test_repl_latency_runs_live_until_ctrl_c_and_scan_lists_keys(repl, redis_server):
    redis_server.cli("SET", "k1", "v")
    assert repl.run(".scan k*") == '"k1"'
    repl.child.sendline(".latency")
    repl.child.expect(r"min: [0-9.]+, max: [0-9.]+, avg: [0-9.]+ \(\d+ samples\)")
    repl.child.sendintr()
    out = repl.wait_prompt()
    assert "(interrupted)" in out
    assert repl.run("PING") == "PONG"


def test_show_pushes_no_hides_invalidations_but_not_subscribed_messages(redis_server, spawn_rwb):
    repl = spawn_rwb("-3", "--show-pushes", "no", "-p", str(redis_server.port))
    assert repl.run("SET rwb:t 1") == "OK"
    assert repl.run("CLIENT TRACKING on") == "OK"
    assert repl.run("GET rwb:t") == '"1"'
    redis_server.cli("SET", "rwb:t", "2")
    # The invalidation arrived (the next read misses the cache server-side) but is not shown.
    assert repl.run("PING") == "PONG"
    assert "invalidate" not in repl.run("GET rwb:t")
    repl.child.sendline("SUBSCRIBE ch")
    repl.expect_exact("Reading messages... (press Ctrl-C to quit)")
    repl.expect_exact("subscribe")
    redis_server.cli("PUBLISH", "ch", "hello")
    repl.expect_exact("hello")
    repl.child.sendintr()
    repl.wait_prompt()
