import Foundation
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// redis-cli's modes (`-r`, `-i`, `-d`/`-D`, `-X`, `--quoted-input`, `--eval`, `--scan`) run
/// by rwb and by redis-cli on the same server, their output compared where it is
/// deterministic, and the bad inputs refused with a precise message and exit status.
@Suite(.needsRedis) struct RedisCliModesTests {
    private static func run(_ tool: String, _ port: Int, _ words: [String], stdin: String? = nil) async throws -> (String, Int32) {
        let line = ([tool, "-p", String(port)] + words).map(TestShell.quote).joined(separator: " ")
        let feed = stdin.map { "printf %s \(TestShell.quote($0)) | " } ?? ""
        let (output, status) = try await TestShell.capture(feed + line + " 2>&1")
        return (String(decoding: output, as: UTF8.self), status)
    }

    private static func both(_ port: Int, _ words: [String], stdin: String? = nil) async throws -> (rwb: String, cli: String) {
        let (cli, _) = try await run("redis-cli", port, words, stdin: stdin)
        let (rwb, _) = try await run(TestShell.rwbPath, port, words, stdin: stdin)
        return (rwb, cli)
    }

    @Test func repeatIntervalAndDelimitersMatchRedisCli() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            _ = try await client.send(["RPUSH", "l", "a", "b", "c"])
            await client.close()
            for words in [
                ["-r", "3", "PING"], ["-r", "2", "-i", "0.05", "LRANGE", "l", "0", "-1"], ["-r", "0", "PING"],
                ["-r", "2", "-d", ",", "-D", ";", "--raw", "LRANGE", "l", "0", "-1"], ["-D", "", "--raw", "LRANGE", "l", "0", "-1"],
                ["-r", "2", "GET"], ["-e", "GET", "l"],
            ] {
                let (rwb, cli) = try await Self.both(port, words)
                #expect(rwb == cli, "\(words)")
            }
            // Each tool counts its own key up: the same three replies.
            let (rwb, _) = try await Self.run(TestShell.rwbPath, port, ["-r", "3", "INCR", "ours"])
            let (cli, _) = try await Self.run("redis-cli", port, ["-r", "3", "INCR", "theirs"])
            #expect(rwb == "1\n2\n3\n" && rwb == cli)
        }
    }

    @Test func anErrorReplyInTheLoopGivesExitOne() async throws {
        try await ServerFixture.withServer { server in
            let (output, status) = try await Self.run(TestShell.rwbPath, server.port ?? 0, ["-r", "2", "GET"])
            #expect(status == 1)
            #expect(output.components(separatedBy: "wrong number of arguments").count == 3)
        }
    }

    @Test func stdinTagAndQuotedInputMatchRedisCli() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            for (tool, key) in [(TestShell.rwbPath, "ours"), ("redis-cli", "theirs")] {
                _ = try await Self.run(tool, port, ["-X", "tag", "SET", key, "tag"], stdin: "from stdin")
                _ = try await Self.run(tool, port, ["--quoted-input", "SET", "\"\(key)-\\x00-nul\"", "\"a\\tb\""])
            }
            for key in ["ours", "theirs"] {
                #expect(try await client.send(["GET", key]) == .bulkString(RESPBytes(Array("from stdin".utf8))))
                let quoted = RedisCommand(bytes: [Array("GET".utf8), Array("\(key)-".utf8) + [0] + Array("-nul".utf8)])
                #expect(try await client.send(quoted) == .bulkString(RESPBytes(Array("a\tb".utf8))))
            }
            await client.close()
            let (output, status) = try await Self.run(TestShell.rwbPath, port, ["-X", "tag", "SET", "k", "v"], stdin: "x")
            #expect(status == 1 && output == "Using -X option but stdin tag not match.\n")
            let (unbalanced, code) = try await Self.run(TestShell.rwbPath, port, ["--quoted-input", "SET", "\"open", "v"])
            #expect(code == 2 && unbalanced.hasPrefix("Error: Invalid quoted string: \"open"))
        }
    }

    @Test func evalFollowsTheCommaRuleAsRedisCli() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let script = FileManager.default.temporaryDirectory.appendingPathComponent("rwb-eval-\(UUID().uuidString).lua").path
            try "return {#KEYS, KEYS[1], ARGV[1], ARGV[2]}".write(toFile: script, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: script) }
            for words in [["k1", ",", "a1", ","], ["k1", "k2"], [",", "a1"], []] {
                let (rwb, cli) = try await Self.both(port, ["--eval", script] + words)
                #expect(rwb == cli, "\(words)")
            }
            let (rwb, _) = try await Self.run(TestShell.rwbPath, port, ["--eval", script, "k1", ",", "a1", ","])
            #expect(rwb == "1\nk1\na1\n,\n")
            let (missing, status) = try await Self.run(TestShell.rwbPath, port, ["--eval", script + ".missing"])
            #expect(status == 2 && missing == "Error: Can't open file '\(script).missing': No such file or directory\n")
        }
    }

    @Test func scanListsTheSameKeysAsRedisCliEachOnce() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            _ = try await client.pipeline(
                (0..<3000).map { ["SET", "key:\($0)", "v"] } + [["SET", "two words", "v"], ["SET", "other", "v"]])
            let nul = RedisCommand(bytes: [Array("SET".utf8), Array("nul".utf8) + [0] + Array("key".utf8), Array("v".utf8)])
            _ = try await client.send(nul)
            await client.close()
            for words in [
                ["--scan"], ["--scan", "--pattern", "key:1*"], ["--scan", "--quoted-pattern", "\"two\\x20*\""], ["--scan", "-i", "0"],
            ] {
                let (rwb, cli) = try await Self.both(port, words)
                let ours = rwb.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                // redis-cli prints a key with a NUL byte up to the NUL; rwb prints it whole.
                let theirs = cli.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 == "nul" ? "nul\0key" : $0 }
                #expect(ours.count == Set(ours).count, "\(words): a key printed twice")
                #expect(Set(ours) == Set(theirs), "\(words)")
            }
            let (all, _) = try await Self.run(TestShell.rwbPath, port, ["--scan"])
            #expect(all.split(separator: "\n").count == 3003)
            let (counted, _) = try await Self.run(TestShell.rwbPath, port, ["--scan", "--count", "7", "--pattern", "key:2*"])
            #expect(counted.split(separator: "\n").count == 1111)
        }
    }

    /// The lines of a key survey with the percentage each "found so far" line starts with
    /// taken off: redis-cli's is the share of keys before the SCAN page, rwb's before the key.
    private static func withoutPercent(_ output: String) -> [Substring] {
        output.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("[") ? line.drop { $0 != "]" } : line
        }
    }

    @Test func keySurveysPrintRedisCliLinesWithTheSameFigures() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            // Aggregates of under five elements: redis-cli's MEMORY USAGE (5 samples) is exact there too.
            _ = try await client.pipeline(
                (0..<40).map { ["SET", "s:\($0)", String(repeating: "x", count: $0 * 7 % 23)] } + [
                    ["RPUSH", "l:1", "a", "b", "c"], ["RPUSH", "l:2", "a"], ["HSET", "h", "f", "v", "g", "w"], ["SADD", "set", "x", "y"],
                    ["ZADD", "z", "1", "a"], ["XADD", "x", "*", "f", "v"], ["SET", "line\nbreak", "value"], ["SET", "empty", ""],
                ])
            await client.close()
            for words in [
                ["--bigkeys"], ["--memkeys", "--memkeys-samples", "100"], ["--bigkeys", "--pattern", "s:1*"], ["--bigkeys", "-i", "0.01"],
            ] {
                let (rwb, cli) = try await Self.both(port, words)
                #expect(Self.withoutPercent(rwb) == Self.withoutPercent(cli), "\(words)\nrwb:\n\(rwb)\nredis-cli:\n\(cli)")
            }
            let (memkeys, status) = try await Self.run(TestShell.rwbPath, port, ["--memkeys"])
            #expect(status == 0 && memkeys.contains("Sampled 48 keys in the keyspace!\n"))
        }
    }

    @Test func hotKeysNeedAnLFUPolicyAndThenMatchRedisCli() async throws {
        // No decay: a counter loses 1 a minute otherwise, and on a loaded machine the two
        // tools' reads fell in different minutes.
        try await ServerFixture.withServer(arguments: ["--lfu-decay-time", "0"]) { server in
            let port = server.port ?? 0
            let (refused, status) = try await Self.run(TestShell.rwbPath, port, ["--hotkeys"])
            #expect(status == 1)
            #expect(refused.hasPrefix("Error: --hotkeys reads each key's LFU counter") && refused.contains("this server's is noeviction"))
            let client = ServerFixture.client(server)
            _ = try await client.send(["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"])
            // 20 keys, key n read n × 20 times: more keys than redis-cli keeps (16), counters apart.
            _ = try await client.pipeline((0..<20).map { ["SET", "k:\($0)", "v"] })
            for key in 0..<20 { _ = try await client.pipeline(Array(repeating: ["GET", "k:\(key)"], count: key * 20)) }
            await client.close()
            let (rwb, cli) = try await Self.both(port, ["--hotkeys"])
            #expect(Self.withoutPercent(rwb) == Self.withoutPercent(cli), "rwb:\n\(rwb)\nredis-cli:\n\(cli)")
            #expect(rwb.components(separatedBy: "hot key found with counter: ").count == 17)
        }
    }

    @Test func badInputIsRefusedWithExitTwo() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            for (words, message) in [
                (["-r", "2", "BLPOP", "q", "0"], "Error: -r with BLPOP and a timeout of 0 would wait forever"),
                (["-r", "2", "XREAD", "BLOCK", "0", "STREAMS", "s", "$"], "Error: -r with XREAD and a timeout of 0"),
                (["-r", "2", "SUBSCRIBE", "c"], "Error: -r repeats a command and SUBSCRIBE never ends"),
                (["-r", "-2", "PING"], "Error: -r -2: from 0 to 1000000000, or -1 for until interrupted"),
                (["-i", "100000", "PING"], "Error: -i 100000.0: from 0 to 86400 seconds"),
                (["-r", "3"], "Error: -r shapes one command"), (["--scan", "GET", "k"], "Error: --scan lists keys and takes no command"),
                (["--pattern", "k*", "PING"], "Error: --pattern goes with --scan, --bigkeys, --memkeys or --hotkeys"),
                (["--bigkeys", "GET", "k"], "Error: --bigkeys surveys the keys and takes no command"),
                (["--memkeys-samples", "-1"], "Error: --memkeys-samples -1: from 0 (every element) to 1000000"),
                (["--bigkeys", "--hotkeys"], "Error: choose one of --bigkeys and --hotkeys"),
                (["--memkeys", "--count", "5"], "Error: --count goes with --scan"),
                (["--hotkeys", "-r", "2"], "Error: -r shapes one command; --hotkeys sends none of yours"),
                (["--bigkeys", "--csv"], "Error: --bigkeys prints redis-cli's text, in no other format (--csv)"),
                (["--scan", "--count", "0"], "Error: --count 0: from 1 to 1000000"),
                (["-x", "-X", "t", "SET", "k", "t"], "Error: choose one of -x and -X"),
                (["--scan", "-x"], "Error: -x reads a command's last argument; --scan takes no command"),
                (["--stat", "--json"], "Error: --stat prints redis-cli's text, in no other format (--json)"),
                (["--pipe", "-r", "2"], "Error: -r shapes one command; --pipe reads its commands from stdin"),
                (["--latency", "--stat"], "Error: choose one of --stat and --latency"),
                (["--pipe-timeout", "5", "PING"], "Error: --pipe-timeout goes with --pipe"),
            ] {
                let (output, status) = try await Self.run(TestShell.rwbPath, port, words, stdin: "")
                #expect(status == 2, "\(words)")
                #expect(output.hasPrefix(message), "\(words): \(output)")
            }
            // A blocking command with a timeout repeats, as with redis-cli.
            let (output, status) = try await Self.run(TestShell.rwbPath, port, ["-r", "2", "BLPOP", "q", "0.01"])
            #expect(status == 0 && output == "\n\n")
        }
    }

    /// Writes `bytes` to a temporary file for a tool's stdin.
    private static func inputFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rwb-pipe-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private static func resp(_ words: [String]) -> [UInt8] {
        var out = Array("*\(words.count)\r\n".utf8)
        for word in words { out += Array("$\(word.utf8.count)\r\n\(word)\r\n".utf8) }
        return out
    }

    private static func pipe(_ tool: String, _ port: Int, _ file: String) async throws -> (stdout: String, status: Int32) {
        let (output, status) = try await TestShell.capture(
            "\(TestShell.quote(tool)) -p \(port) --pipe < \(TestShell.quote(file)) 2>/dev/null")
        return (String(decoding: output, as: UTF8.self), status)
    }

    @Test func pipeCountsRepliesAndErrorsAsRedisCli() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            for (tool, prefix) in [(TestShell.rwbPath, "ours"), ("redis-cli", "theirs")] {
                var input: [UInt8] = []
                for index in 0..<20_000 { input += Self.resp(["SET", "\(prefix):\(index)", "value \(index)"]) }
                input += Self.resp(["INCR", "\(prefix):1"]) + Self.resp(["GET"])
                let file = try Self.inputFile(input)
                defer { try? FileManager.default.removeItem(atPath: file) }
                let (stdout, status) = try await Self.pipe(tool, port, file)
                #expect(
                    stdout
                        == "All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 2, replies: 20002\n",
                    "\(tool)")
                #expect(status == 1, "\(tool)")
            }
            #expect(try await client.send(["DBSIZE"]) == .integer(40_000))
            #expect(try await client.send(["GET", "ours:19999"]) == .bulkString(RESPBytes(Array("value 19999".utf8))))
            await client.close()
        }
    }

    @Test func pipeTakesInlineCommandsAndNamesTheOnesThatFailed() async throws {
        try await ServerFixture.withServer { server in
            let file = try Self.inputFile(Array("SET a 1\r\nSET b \"two words\"\n\nINCR b\nRPUSH l x y\n".utf8))
            defer { try? FileManager.default.removeItem(atPath: file) }
            let line = "\(TestShell.quote(TestShell.rwbPath)) -p \(server.port ?? 0) --pipe < \(TestShell.quote(file)) 2>&1"
            let (output, status) = try await TestShell.capture(line)
            let text = String(decoding: output, as: UTF8.self)
            #expect(status == 1)
            #expect(text.contains("errors: 1, replies: 4\n"))
            #expect(text.contains("command 3 (input byte 28): ERR value is not an integer or out of range\n"), "\(text)")
            let client = ServerFixture.client(server)
            #expect(try await client.send(["GET", "b"]) == .bulkString(RESPBytes(Array("two words".utf8))))
            #expect(try await client.send(["LLEN", "l"]) == .integer(2))
            await client.close()
        }
    }

    @Test func malformedPipeInputStopsAtItsByteWithEverythingBeforeItApplied() async throws {
        try await ServerFixture.withServer { server in
            let good = (0..<1000).flatMap { Self.resp(["SET", "k\($0)", "v"]) }
            let bad = Array("*3\r\n$3\r\nSET\r\n$1\r\nz\r\n$3\r\nabcdef\r\n".utf8)
            let file = try Self.inputFile(good + bad + Self.resp(["SET", "after", "v"]))
            defer { try? FileManager.default.removeItem(atPath: file) }
            let line = "\(TestShell.quote(TestShell.rwbPath)) -p \(server.port ?? 0) --pipe < \(TestShell.quote(file)) 2>&1"
            let (output, status) = try await TestShell.capture(line)
            let text = String(decoding: output, as: UTF8.self)
            #expect(status == 1)
            #expect(text.contains("errors: 0, replies: 1000\n"))
            // The 3-byte argument starts 24 bytes into the bad command; no CRLF follows it.
            #expect(
                text.contains(
                    "malformed input at byte \(good.count + 24 + 3): argument 3 of 3 is longer than its length, 3; the 1000 commands before it were sent and answered, nothing after it was sent"
                ), "\(text)")
            let client = ServerFixture.client(server)
            #expect(try await client.send(["DBSIZE"]) == .integer(1000))
            await client.close()
        }
    }

    @Test func statPrintsRedisCliHeaderAndColumns() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            var outputs: [[Substring]] = []
            for tool in [TestShell.rwbPath, "redis-cli"] {
                // Under a pty (redis-cli buffers its lines otherwise), ended by `timeout`.
                let line = "timeout 4 script -qec \(TestShell.quote("\(TestShell.quote(tool)) -p \(port) -i 0.5 --stat")) /dev/null"
                let (output, _) = try await TestShell.capture(line)
                outputs.append(String(decoding: output, as: UTF8.self).split(separator: "\r\n"))
            }
            let (ours, theirs) = (outputs[0], outputs[1])
            #expect(ours.count >= 4 && theirs.count >= 4, "\(ours) \(theirs)")
            guard ours.count >= 4, theirs.count >= 4 else { return }
            #expect(ours[0] == theirs[0] && ours[1] == theirs[1])
            // The same server's keys (none); each first line shows (+0) and the next one the
            // requests since (INFO's own, and a client the fixture may still be closing).
            for lines in [ours, theirs] {
                let columns = lines[2].split(separator: " ", omittingEmptySubsequences: true)
                #expect(columns.count == 7 && columns[0] == "0" && columns[5] == "(+0)", "\(lines[2])")
                #expect(lines[2].count == 68, "\(lines[2].count): \(lines[2])")
                #expect(lines[3].contains(" (+1) ") || lines[3].contains(" (+2) "), "\(lines[3])")
            }
        }
    }

    /// `min max avg count`, `min,max,avg,count`: the shapes a script parses.
    private static func matches(_ line: Substring, separator: Character) -> Bool {
        let fields = line.split(separator: separator)
        guard fields.count == 4, let low = Int(fields[0]), let high = Int(fields[1]), let count = Int(fields[3]) else { return false }
        let decimals = fields[2].split(separator: ".")
        return low <= high && count > 0 && decimals.count == 2 && decimals[1].count == 2 && Double(fields[2]) != nil
    }

    @Test func latencyPrintsRedisCliLinesForScriptsAndALiveLineOnATerminal() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            for tool in [TestShell.rwbPath, "redis-cli"] {
                let (raw, rawStatus) = try await Self.run(tool, port, ["--latency", "-i", "0.3"])
                #expect(rawStatus == 0 && Self.matches(raw.dropLast(), separator: " "), "\(tool): \(raw)")
                let (csv, _) = try await Self.run(tool, port, ["--latency", "--csv", "-i", "0.3"])
                #expect(Self.matches(csv.dropLast(), separator: ","), "\(tool): \(csv)")
            }
            let (json, _) = try await Self.run(TestShell.rwbPath, port, ["--latency", "--json", "-i", "0.3"])
            #expect(json.hasPrefix("{\"min\": ") && json.contains(", \"count\": ") && json.contains(", \"p99\": "), "\(json)")
            // On a terminal: one line rewritten after each sample, with percentiles.
            let live = "timeout 3 script -qec \(TestShell.quote("\(TestShell.quote(TestShell.rwbPath)) -p \(port) --latency")) /dev/null"
            let (screen, _) = try await TestShell.capture(live)
            let text = String(decoding: screen, as: UTF8.self)
            #expect(
                text.contains("\u{1B}[0G\u{1B}[2Kmin: ") && text.contains(" samples), p50 ") && text.contains(" ms"), "\(text.suffix(200))")
            let (history, _) = try await TestShell.capture(
                "timeout 4 script -qec \(TestShell.quote("\(TestShell.quote(TestShell.rwbPath)) -p \(port) --latency-history -i 0.5")) /dev/null"
            )
            #expect(String(decoding: history, as: UTF8.self).contains(" -- 0.5"))
        }
    }

    @Test func latencyAgainstNoServerIsOneMessageAndExitOne() async throws {
        let (output, status) = try await Self.run(TestShell.rwbPath, 1, ["--latency"])
        #expect(status == 1 && output.hasPrefix("Could not connect to Redis at 127.0.0.1:1"), "\(output)")
        let (intrinsic, code) = try await Self.run(TestShell.rwbPath, 1, ["--intrinsic-latency", "1"])
        #expect(code == 0 && intrinsic.hasPrefix("Max latency so far: ") && intrinsic.contains(" total runs (avg latency: "))
        #expect(intrinsic.contains("x longer than the average latency.\n"))
    }
}
