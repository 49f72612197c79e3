import RESP
import TestSupport
import Testing

/// redis-cli's flags that shape a connection or the output: `--quoted-json`, `-t`,
/// `--askpass` from a pipe (the masked prompt on a terminal is in test_askpass.py).
@Suite(.needsRedis) struct RedisCliFlagsTests {
    private static func run(_ line: String, stdin: String? = nil) async throws -> (String, Int32) {
        let feed = stdin.map { "printf %s \(TestShell.quote($0)) | " } ?? ""
        let (output, status) = try await TestShell.capture(feed + line + " 2>&1" + (stdin == nil ? " </dev/null" : ""))
        return (String(decoding: output, as: UTF8.self), status)
    }

    @Test func quotedJSONIsRedisClisExceptWhereThatIsNotJSON() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server, protocolVersion: 3)
            _ = try await client.pipeline([
                ["SET", "utf8", "héllo"], ["SET", "quote", "a\"b"], ["HSET", "h", "ü", "v"], ["RPUSH", "l", "x", "y"],
            ])
            _ = try await client.send(RedisCommand(bytes: [Array("SET".utf8), Array("bin".utf8), [0x61, 0x01, 0xFF]]))
            await client.close()
            for words in ["GET utf8", "GET bin", "-3 HGETALL h", "LRANGE l 0 -1", "GET missing", "INCR l"] {
                let (ours, _) = try await Self.run("\(TestShell.quote(TestShell.rwbPath)) -p \(port) --quoted-json \(words)")
                let (theirs, _) = try await Self.run("redis-cli -p \(port) --quoted-json \(words)")
                if words == "INCR l" {
                    // An error: rwb's JSON error object, the message quoted alike.
                    #expect(ours.hasPrefix("{\"error\":\"WRONGTYPE"), "\(ours)")
                } else {
                    #expect(ours == theirs, "\(words)")
                }
            }
            // redis-cli doubles the backslashes of the quoted text but not its \", so its line
            // ends the JSON string early; rwb's holds the same text and parses.
            let (ours, _) = try await Self.run("\(TestShell.quote(TestShell.rwbPath)) -p \(port) --quoted-json GET quote")
            #expect(ours == #""a\\\"b""# + "\n")
            let (refused, status) = try await Self.run("\(TestShell.quote(TestShell.rwbPath)) -p \(port) --json --quoted-json PING")
            #expect(status == 2 && refused.hasPrefix("Error: choose one of --raw, --no-raw, --json, --quoted-json, --csv"))
        }
    }

    @Test func askpassReadsTheFirstLineOfAPipeAndIgnoresTheOtherPasswords() async throws {
        try await ServerFixture.withServer(arguments: ["--requirepass", "right"]) { server in
            let rwb = "\(TestShell.quote(TestShell.rwbPath)) -p \(server.port ?? 0)"
            #expect(try await Self.run("\(rwb) --askpass PING", stdin: "right\n") == ("PONG\n", 0))
            let (wrong, status) = try await Self.run("REDISCLI_AUTH=right \(rwb) -a right --askpass PING", stdin: "wrong\n")
            #expect(status == 1 && wrong.contains("WRONGPASS") && !wrong.contains("Warning: Using a password"), "\(wrong)")
        }
    }

    @Test func connectTimeoutIsBounded() async throws {
        try await ServerFixture.withServer { server in
            let rwb = "\(TestShell.quote(TestShell.rwbPath)) -p \(server.port ?? 0)"
            #expect(try await Self.run("\(rwb) -t 0.5 PING") == ("PONG\n", 0))
            #expect(try await Self.run("\(rwb) -t 0 PING") == ("PONG\n", 0))
            for value in ["-1", "3601", "nan"] {
                let (output, status) = try await Self.run("\(rwb) -t \(value) PING")
                #expect(status == 2 && output.hasPrefix("Error: -t "), "\(value): \(output)")
            }
        }
    }

    @Test func flagsThatCannotApplyAreRefused() async throws {
        let rwb = TestShell.quote(TestShell.rwbPath)
        for (line, message) in [
            ("\(rwb) --show-pushes maybe PING", "Error: --show-pushes maybe: yes or no"),
            ("\(rwb) --quoted-json -f /dev/null", "Error: --quoted-json shapes a command's reply and the REPL's"),
            ("\(rwb) --stat --quoted-json", "Error: --stat prints redis-cli's text, in no other format (--quoted-json)"),
        ] {
            let (output, status) = try await Self.run(line)
            #expect(status == 2 && output.hasPrefix(message), "\(line): \(output)")
        }
    }
}
