"""`rwb lab cache-aside` and `rwb lab ratelimit` over REST (`--rest`, issue #22): each lab's
commands go to `rwb kv serve` as HTTP requests, its deterministic counts equal those of
the same run over RESP, and its keys are gone afterwards. Another lab refuses `--rest`.

One test, kept short (CI's 30 minutes): small runs of a few seconds each.
"""

import json
import os
import signal
import subprocess

from conftest import RWB_BIN, TIMEOUT, RedisServer, require_redis, require_rwb

TOKEN = "lab-token-0123456789"
# Small runs: a few hundred commands each, so the REST runs take a second or two.
CACHE_ASIDE = ["cache-aside", "--quick", "--seed", "1", "--json", "--strategy", "naive,lock", "--requests", "200",
               "--clients", "2", "--products", "50"]
# fixed-window is plain commands, gcra a script (EVALSHA).
RATELIMIT = ["ratelimit", "--quick", "--seed", "1", "--json", "--algorithm", "fixed-window,gcra", "--keys", "2",
             "--duration", "2m"]


def without_rest_variables():
    return {key: value for key, value in os.environ.items() if "REST" not in key}


def lab(*arguments, env=None):
    return subprocess.run([RWB_BIN, "lab", *arguments], capture_output=True, text=True, timeout=TIMEOUT * 12,
                          env={**without_rest_variables(), **(env or {})}, stdin=subprocess.DEVNULL)


def stable(document):
    """The report without what varies between runs with one seed (LabHarness.stableJSON)
    and without `server` (the address and transport are what differ on purpose)."""
    paths = [path.split(".") for path in document.get("timing_dependent", [])] + [["timing_dependent"], ["server"]]

    def removing(paths, value):
        if isinstance(value, list):
            each = [path[1:] for path in paths if path[0] == "*"]
            return [removing(each, row) for row in value]
        if not isinstance(value, dict):
            return value
        kept = {}
        for name, field in value.items():
            here = [path for path in paths if path[0] in (name, "*")]
            if any(len(path) == 1 for path in here):
                continue
            kept[name] = removing([path[1:] for path in here], field)
        return kept

    return removing(paths, document)


def test_labs_over_rest_match_resp_and_leave_no_keys():
    require_redis()
    require_rwb()
    server = RedisServer().start()
    endpoint = subprocess.Popen([RWB_BIN, "kv", "serve", "-p", str(server.port), "--port", "0", "--token", TOKEN],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                env=without_rest_variables())
    try:
        first = endpoint.stdout.readline()
        assert first.startswith("rwb kv serve: http://127.0.0.1:"), first
        url = first.split()[3].rstrip("/")
        rest = ["--rest", url, "--rest-token", TOKEN]
        for arguments in (CACHE_ASIDE, RATELIMIT):
            over_resp = lab(*arguments, "-p", str(server.port))
            assert over_resp.returncode == 0, over_resp.stderr
            over_rest = lab(*arguments, *rest)
            assert over_rest.returncode == 0, over_rest.stderr
            report = json.loads(over_rest.stdout)
            assert report["server"]["transport"] == "rest"
            assert report["server"]["address"].startswith(url)
            assert TOKEN not in over_rest.stdout + over_rest.stderr
            assert stable(report) == stable(json.loads(over_resp.stdout)), arguments[0]
            assert server.cli("dbsize").strip() == "0"
        # The text header names the transport; never the token. A bare --rest takes the
        # endpoint and its token from the environment, as rwb's does.
        text = lab("ratelimit", "--quick", "--seed", "1", "--algorithm", "fixed-window", "--keys", "1", "--duration", "10s", "--rest",
                   env={"KV_REST_API_URL": url, "KV_REST_API_TOKEN": TOKEN})
        assert text.returncode == 0, text.stderr
        assert f"over REST at {url}" in text.stdout.splitlines()[0]
        assert TOKEN not in text.stdout
        # A lab that does not run over REST says which do, before anything runs.
        refused = lab("leaderboard", "--quick", *rest)
        assert refused.returncode == 2
        assert "the labs that do: cache-aside, ratelimit" in refused.stderr
        assert len(refused.stderr.splitlines()) == 1, refused.stderr
        assert server.cli("dbsize").strip() == "0"
    finally:
        if endpoint.poll() is None:
            endpoint.send_signal(signal.SIGTERM)
        endpoint.communicate(timeout=TIMEOUT * 3)
        server.remove()
