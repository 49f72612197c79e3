"""`rwb learn` under a pseudo-terminal: a lesson walked with a wrong answer, both hints,
the answer, then the right command; progress kept between runs in a 0600 file."""

import os
import stat

from conftest import TIMEOUT


def test_a_lesson_step_gives_hints_then_the_answer_then_passes(redis_server, spawn_rwb, workdir, rwb_env):
    progress = os.path.join(workdir, "lessons")
    env = dict(rwb_env, RWB_LESSONS_FILE=progress)
    repl = spawn_rwb("learn", "strings", "-p", str(redis_server.port), env=env)
    assert repl.prompt.endswith(f"127.0.0.1:{redis_server.port}> ")
    assert repl.run(".where").startswith("  Lesson strings: step 1 of 8, 0 done.")

    # A wrong value: the check says what it found, then the first hint.
    out = repl.run("SET rwb:strings:greeting hullo")
    assert "Not yet: the value of rwb:strings:greeting is \"hullo\"; wanted == hello" in out
    assert "Hint 1: The command is SET KEY VALUE." in out
    out = repl.run("SET rwb:strings:greeting hallo")
    assert "Hint 2: SET rwb:strings:greeting, then the value." in out
    out = repl.run("GET rwb:strings:greeting")
    assert "The answer:\n    SET rwb:strings:greeting hello" in out
    assert redis_server.cli("GET", "rwb:strings:greeting").strip() == "hallo"

    # The right command passes and opens step 2, which ran its setup.
    out = repl.run("SET rwb:strings:greeting hello")
    assert "Done." in out
    assert "Step 2 of 8: Read it back" in out
    assert "The lesson ran:\n    SET rwb:strings:greeting hello" in out
    assert out.endswith("\nstrings 2/8 "), "the prompt names the lesson and the step"

    # A question is answered with .answer; a command step refuses one.
    repl.run(".next")
    repl.run(".next")
    repl.run(".next")
    repl.run(".next")
    out = repl.run(".next")
    assert "Step 7 of 8: A key without expiry" in out
    assert "Not yet: \"-2\" is not the answer" in repl.run(".answer -2")
    assert "Done." in repl.run(".answer -1")
    assert "asks for a command, not an answer" in repl.run(".answer 5")
    assert repl.quit() == 0

    # Progress is kept, in a file of the user's alone, and the lesson resumes there.
    assert stat.S_IMODE(os.stat(progress).st_mode) == 0o600
    with open(progress) as file:
        kept = file.read()
    assert "strings\tstep\t7\n" in kept and "strings\tpassed\t0 6\n" in kept
    assert "hello" not in kept
    repl = spawn_rwb("learn", "strings", "-p", str(redis_server.port), env=env, wait=False)
    repl.expect_exact("(resuming at step 8 of 8)", timeout=TIMEOUT)
    repl.wait_prompt()
    out = repl.run("INCR rwb:strings:greeting")
    assert "(error) ERR value is not an integer or out of range" in out
    assert "Recap: Strings, counters and expiry" in out
    assert "Steps done: 3 of 8 (5 skipped with .next: .back returns to them)." in out
    assert "You counted (not measured: that step was skipped) visits" in out
    assert "Next: rwb learn hashes" in out
    assert repl.quit() == 0
    assert redis_server.cli("DBSIZE").strip() == "0"
