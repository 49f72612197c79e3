"""`rwb kv serve` driven by a real Upstash SDK (upstash-redis from PyPI) and by curl.

One redis-server and one endpoint in front of it for the module (each test uses keys of
its own); the tests that stop the endpoint start their own. Every request goes to
127.0.0.1; every process is stopped by the PID recorded when it was started.
"""

import json
import os
import signal
import subprocess
import threading
import time

import pytest

from conftest import RWB_BIN, TIMEOUT, RedisServer, require_redis, require_rwb

# scripts/test installs the SDK; outside CI a machine without it skips these tests.
if os.environ.get("CI", "").lower() != "true":
    pytest.importorskip("upstash_redis")
from upstash_redis import Redis  # noqa: E402
from upstash_redis.errors import UpstashError  # noqa: E402

TOKEN = "test-token-0123456789"
# A script that keeps Redis busy for 0.6 s (DEBUG SLEEP is disabled by default in Redis 7).
BUSY_600_MS = ("local t = redis.call('TIME') local start = t[1] * 1e6 + t[2] "
               "repeat t = redis.call('TIME') until t[1] * 1e6 + t[2] - start > 600000 return 'OK'")
READ_ONLY = "read-only-token-0123456789"


class Endpoint:
    """`rwb kv serve` on a free port in front of `redis_port`; its URL read from its banner."""

    def __init__(self, redis_port, *options, env=None, token=TOKEN, scheme="http"):
        require_rwb()
        arguments = [RWB_BIN, "kv", "serve", "-p", str(redis_port), "--port", "0", *options]
        if token is not None:
            arguments += ["--token", token]
        environment = {key: value for key, value in os.environ.items() if "REST" not in key}
        environment.update(env or {})
        self.proc = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                     env=environment)
        first = self.proc.stdout.readline()
        assert first.startswith(f"rwb kv serve: {scheme}://127.0.0.1:"), first + self.proc.stderr.read()
        self.url = first.split()[3].rstrip("/")
        self.banner = [first]
        while not self.banner[-1].startswith("Ctrl-C or SIGTERM stops it") and self.banner[-1]:
            self.banner.append(self.proc.stdout.readline())

    def stop(self, signum=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        out, err = self.proc.communicate(timeout=TIMEOUT * 3)
        return self.proc.returncode, out, err


def curl(url, *options):
    """`curl -s URL …`: (status, body)."""
    result = subprocess.run(["curl", "-s", "--max-time", str(TIMEOUT), "-w", "\n%{http_code}", *options, url],
                            capture_output=True, timeout=TIMEOUT * 2)
    body, _, status = result.stdout.rpartition(b"\n")
    return int(status), body


@pytest.fixture(scope="module")
def served():
    require_redis()
    server = RedisServer().start()
    endpoint = Endpoint(server.port, "--read-only-token", READ_ONLY, "--max-body", "65536", "--max-batch", "50")
    yield server, endpoint
    endpoint.stop()
    server.remove()


def client(endpoint, **options):
    return Redis(url=endpoint.url, token=TOKEN, allow_telemetry=False, rest_retries=0, **options)


def test_strings_hashes_sorted_sets_through_the_sdk(served):
    server, endpoint = served
    redis = client(endpoint)
    assert redis.set("sdk:s", "hello", ex=60) is True
    assert redis.get("sdk:s") == "hello"
    assert 0 < redis.ttl("sdk:s") <= 60
    assert redis.incr("sdk:n") == 1 and redis.incrby("sdk:n", 41) == 42
    assert redis.hset("sdk:h", values={"name": "Ada", "visits": 1}) == 2
    assert redis.hincrby("sdk:h", "visits", 2) == 3
    assert redis.hgetall("sdk:h") == {"name": "Ada", "visits": "3"}
    assert redis.zadd("sdk:z", {"ada": 3, "bob": 5}) == 2
    assert redis.zincrby("sdk:z", 4, "ada") == 7.0
    assert redis.zrange("sdk:z", 0, -1, withscores=True) == [("bob", 5.0), ("ada", 7.0)]
    # What the SDK wrote is what redis-cli reads on the server itself.
    assert server.cli("hget", "sdk:h", "name").strip() == "Ada"
    assert server.cli("zscore", "sdk:z", "ada").strip() == "7"


def test_binary_safe_with_base64_and_refused_without(served):
    server, endpoint = served
    plain = client(endpoint, rest_encoding=None)
    based = client(endpoint)
    assert based.set("sdk:u", "grüße 👋\nline") is True
    assert based.get("sdk:u") == "grüße 👋\nline"
    assert plain.get("sdk:u") == "grüße 👋\nline"
    # Bytes that are not UTF-8 (written by redis-cli): base64 carries them, plain JSON cannot.
    subprocess.run(["redis-cli", "-p", str(server.port), "-x", "set", "sdk:bin"], input=b"\xff\xfe\x00", check=True,
                   capture_output=True, timeout=TIMEOUT)
    status, body = curl(endpoint.url + "/get/sdk:bin", "-H", f"Authorization: Bearer {TOKEN}", "-H", "Upstash-Encoding: base64")
    assert (status, json.loads(body)) == (200, {"result": "//4A"})
    with pytest.raises(UpstashError, match="not UTF-8"):
        plain.get("sdk:bin")


def test_pipelines_and_transactions(served):
    _, endpoint = served
    redis = client(endpoint)
    pipeline = redis.pipeline()
    pipeline.set("sdk:p", "1")
    pipeline.incr("sdk:p")
    pipeline.get("sdk:p")
    assert pipeline.exec() == [True, 2, "2"]
    transaction = redis.multi()
    transaction.incr("sdk:t")
    transaction.incrby("sdk:t", 9)
    assert transaction.exec() == [1, 10]
    # An error while it runs is that command's answer; the others ran.
    status, body = curl(endpoint.url + "/multi-exec", "-H", f"Authorization: Bearer {TOKEN}",
                        "-d", '[["SET","sdk:t2","x"],["INCR","sdk:t2"],["GET","sdk:t2"]]')
    assert status == 200
    assert json.loads(body) == [{"result": "OK"}, {"error": "ERR value is not an integer or out of range"}, {"result": "x"}]
    # A command Redis refuses while queueing aborts the whole transaction.
    status, body = curl(endpoint.url + "/multi-exec", "-H", f"Authorization: Bearer {TOKEN}",
                        "-d", '[["SET","sdk:t3","y"],["NOSUCH","sdk:t3"]]')
    assert status == 400 and "EXECABORT" in json.loads(body)["error"] and "command 2" in json.loads(body)["error"]
    assert redis.exists("sdk:t3") == 0


def test_errors_tokens_and_read_your_writes(served):
    _, endpoint = served
    redis = client(endpoint)
    redis.set("sdk:e", "text")
    with pytest.raises(UpstashError, match="not an integer"):
        redis.incr("sdk:e")
    read_only = Redis(url=endpoint.url, token=READ_ONLY, allow_telemetry=False, rest_retries=0)
    assert read_only.get("sdk:e") == "text"
    with pytest.raises(UpstashError, match="NOPERM"):
        read_only.set("sdk:e", "changed")
    assert redis.get("sdk:e") == "text"
    wrong = Redis(url=endpoint.url, token="not-the-token-at-all", allow_telemetry=False, rest_retries=0)
    with pytest.raises(UpstashError, match="Unauthorized"):
        wrong.get("sdk:e")
    # The SDK keeps the sync token each answer carries and sends it back.
    assert redis._sync_token.isdigit() and int(redis._sync_token) > 0


def test_path_style_and_token_parameter(served):
    _, endpoint = served
    status, body = curl(endpoint.url + f"/set/sdk:path?EX=60&_token={TOKEN}", "-X", "POST", "--data-binary", "a value/with slash")
    assert (status, json.loads(body)) == (200, {"result": "OK"})
    status, body = curl(endpoint.url + f"/get/sdk:path?_token={TOKEN}")
    assert (status, json.loads(body)) == (200, {"result": "a value/with slash"})
    status, body = curl(endpoint.url + f"/ttl/sdk%3Apath?_token={TOKEN}")
    assert status == 200 and 0 < json.loads(body)["result"] <= 60
    status, body = curl(endpoint.url + "/get/sdk:path")
    assert (status, json.loads(body)) == (401, {"error": "Unauthorized"})


@pytest.mark.parametrize("body, status, message", [
    ('["SET","k"', 400, "invalid JSON at byte 10"),
    ('{"cmd":"GET"}', 400, "must be a JSON array"),
    ('[]', 400, "is empty"),
    ('["GET",null]', 400, "argument 2 of the command is null"),
    ('["BLPOP","q",0]', 400, "BLPOP blocks"),
    ('["SUBSCRIBE","ch"]', 400, "server-sent events"),
    ('["SELECT",1]', 400, "would change the connection"),
    ("[" * 100, 400, "nested deeper than"),
    ('["SET","k","' + "x" * 70000 + '"]', 413, "larger than 65536 bytes"),
], ids=["truncated", "object", "empty", "null", "blocking", "subscribe", "select", "deep", "too-large"])
def test_bad_requests_are_refused_and_the_endpoint_keeps_serving(served, body, status, message):
    _, endpoint = served
    got, answer = curl(endpoint.url + "/", "-H", f"Authorization: Bearer {TOKEN}", "--data-binary", body)
    assert got == status and message in json.loads(answer)["error"], answer
    assert client(endpoint).echo("still here") == "still here"


def test_server_sent_events_for_subscribe(served):
    server, endpoint = served
    stream = subprocess.Popen(["curl", "-sN", "--max-time", str(TIMEOUT), endpoint.url + f"/subscribe/sdk:news?_token={TOKEN}"],
                              stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert stream.stdout.readline() == b"data: subscribe,sdk:news,1\n"
    assert stream.stdout.readline() == b"\n"
    # The PUBLISH goes through the endpoint too: it reaches the event stream's own connection.
    assert client(endpoint).publish("sdk:news", "two\nlines") == 1
    assert [stream.stdout.readline() for _ in range(3)] == [b"data: message,sdk:news,two\n", b"data: lines\n", b"\n"]
    stream.terminate()
    stream.wait(timeout=TIMEOUT)


def test_generated_token_is_printed_and_given_one_is_not():
    require_redis()
    server = RedisServer().start()
    try:
        generated = Endpoint(server.port, token=None)
        lines = dict(line.strip().split("=", 1) for line in generated.banner if "=" in line)
        assert lines["KV_REST_API_URL"] == generated.url == lines["UPSTASH_REDIS_REST_URL"]
        token = lines["KV_REST_API_TOKEN"]
        assert len(token) == 48 and lines["UPSTASH_REDIS_REST_TOKEN"] == token
        assert Redis(url=generated.url, token=token, allow_telemetry=False).ping() == "PONG"
        generated.stop()
        given = Endpoint(server.port, token=None, env={"KV_REST_API_TOKEN": TOKEN})
        assert TOKEN not in "".join(given.banner)
        assert client(given).ping() == "PONG"
        _, out, err = given.stop()
        assert TOKEN not in out + err
    finally:
        server.remove()


def test_sigterm_answers_requests_in_flight_then_stops():
    require_redis()
    server = RedisServer().start()
    try:
        endpoint = Endpoint(server.port)
        answer = {}

        def slow():
            answer["got"] = curl(endpoint.url + "/", "-H", f"Authorization: Bearer {TOKEN}", "-d", json.dumps(["EVAL", BUSY_600_MS, 0]))

        request = threading.Thread(target=slow)
        request.start()
        time.sleep(0.2)
        status, _, err = endpoint.stop(signal.SIGTERM)
        request.join(timeout=TIMEOUT)
        assert answer["got"] == (200, b'{"result":"OK"}')
        assert status == 0
        assert "stopped after 1 request, 1 command run" in err
    finally:
        server.remove()


def test_https_with_a_given_certificate(tmp_path):
    """--https-cert/--https-key: curl and rwb --rest both verify the endpoint against the CA."""
    require_redis()
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=TIMEOUT * 4)
    server = RedisServer().start()
    try:
        endpoint = Endpoint(server.port, "--https-cert", str(cert), "--https-key", str(key), scheme="https")
        status, body = curl(endpoint.url + "/ping", "--cacert", str(cert), "-H", f"Authorization: Bearer {TOKEN}")
        assert (status, json.loads(body)) == (200, {"result": "PONG"})
        rest = subprocess.run([RWB_BIN, "--rest", endpoint.url, "--rest-token", TOKEN, "--cacert", str(cert), "--no-auth-warning", "ECHO", "over tls"],
                              capture_output=True, text=True, timeout=TIMEOUT)
        assert (rest.returncode, rest.stdout) == (0, "over tls\n"), rest.stderr
        assert endpoint.stop()[0] == 0
    finally:
        server.remove()


def test_in_front_of_a_cluster():
    """--local-cluster: commands routed by slot, a hash-tagged transaction on one node, and
    a transaction or a command across slots refused (400) before anything runs."""
    require_redis()
    require_rwb()
    environment = {key: value for key, value in os.environ.items() if "REST" not in key}
    proc = subprocess.Popen([RWB_BIN, "kv", "serve", "--local-cluster", "--port", "0", "--token", TOKEN], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=environment)
    try:
        first = proc.stdout.readline()
        assert first.startswith("rwb kv serve: http://127.0.0.1:"), first + proc.stderr.read()
        url = first.split()[3].rstrip("/")
        auth = ["-H", f"Authorization: Bearer {TOKEN}"]
        # Keys in every third of the slots: each write lands on its own master.
        for key in ("a", "b", "c", "d", "e"):
            assert curl(url + f"/set/{key}/{key}", *auth) == (200, b'{"result":"OK"}')
        status, body = curl(url + "/pipeline", *auth, "-d", '[["GET","a"],["GET","b"],["GET","c"],["GET","d"],["GET","e"]]')
        assert (status, json.loads(body)) == (200, [{"result": key} for key in "abcde"])
        status, body = curl(url + "/multi-exec", *auth, "-d", '[["SET","{u}x","1"],["INCR","{u}y"],["GET","{u}x"]]')
        assert (status, json.loads(body)) == (200, [{"result": "OK"}, {"result": 1}, {"result": "1"}])
        status, body = curl(url + "/multi-exec", *auth, "-d", '[["SET","a","2"],["INCR","b"]]')
        assert status == 400 and json.loads(body)["error"].startswith("CROSSSLOT")
        status, body = curl(url + "/", *auth, "-d", '["MGET","a","b"]')
        assert status == 400 and "CROSSSLOT" in json.loads(body)["error"]
        assert curl(url + "/get/a", *auth) == (200, b'{"result":"a"}')
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=TIMEOUT * 4)
    assert proc.returncode == 0, err
