import Foundation
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// redis-cli's replication modes (`--rdb`, `--functions-rdb`, `--replica`) and `--lru-test`,
/// run by rwb (and redis-cli where their output can be compared) against a throwaway server.
/// A snapshot is judged by loading it into a fresh server of its own.
@Suite(.needsRedis) struct ReplicationModesTests {
    private static func shell(_ line: String) async throws -> (String, Int32) {
        let (output, status) = try await TestShell.capture(line)
        return (String(decoding: output, as: UTF8.self), status)
    }

    private static func rwb(_ port: Int, _ words: [String]) -> String {
        ([TestShell.rwbPath, "-p", String(port)] + words).map(TestShell.quote).joined(separator: " ")
    }

    /// Keys of every type, in two databases, one binary and one expiring.
    private static func fill(_ client: RedisClient) async throws {
        _ = try await client.pipeline([
            ["SET", "s", "text"], ["RPUSH", "l", "a", "b", "c"], ["HSET", "h", "f", "v", "g", "w"], ["SADD", "set", "x", "y"],
            ["ZADD", "z", "1.5", "a", "2", "b"], ["XADD", "x", "1-1", "f", "v"], ["SET", "ttl", "v", "EX", "1000"],
            ["SET", "big", String(repeating: "0123456789", count: 20_000)], ["SELECT", "1"], ["SET", "other", "db"], ["SELECT", "0"],
        ])
        _ = try await client.send(RedisCommand(bytes: [Array("SET".utf8), [0, 1, 2, 255], [255, 0, 13, 10]]))
    }

    /// What each key holds, read the same way from two servers.
    private static func contents(_ client: RedisClient) async throws -> [RESPValue] {
        try await client.pipeline([
            ["DBSIZE"], ["GET", "s"], ["LRANGE", "l", "0", "-1"], ["HGETALL", "h"], ["SORT", "set", "ALPHA"],
            ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
            ["XRANGE", "x", "-", "+"], ["GET", "big"], ["GET", "ttl"], ["SELECT", "1"], ["DBSIZE"], ["GET", "other"], ["SELECT", "0"],
        ]) + [try await client.send(RedisCommand(bytes: [Array("GET".utf8), [0, 1, 2, 255]]))]
    }

    /// Loads `file` into a fresh server and hands it to `body`.
    private static func loaded<T>(_ file: String, _ body: (RedisClient) async throws -> T) async throws -> T {
        let slash = file.lastIndex(of: "/").map { file.index(after: $0) } ?? file.startIndex
        return try await ServerFixture.withServer(arguments: ["--dir", String(file[..<slash]), "--dbfilename", String(file[slash...])]) {
            server in
            let client = ServerFixture.client(server)
            defer { Task { await client.close() } }
            return try await body(client)
        }
    }

    private static func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func rdbWritesASnapshotAFreshServerLoadsWithRedisCliLines() async throws {
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            try await Self.fill(client)
            _ = try await client.send(["CONFIG", "SET", "repl-diskless-sync", "no"])
            let expected = try await Self.contents(client)
            await client.close()
            let file = directory + "/snap.rdb"
            let (ours, status) = try await Self.shell(Self.rwb(port, ["--rdb", file]) + " 2>&1")
            #expect(status == 0, "\(ours)")
            let (theirs, _) = try await Self.shell("redis-cli -p \(port) --rdb \(TestShell.quote(directory + "/cli.rdb")) 2>&1")
            // The same lines, the file's name and size aside, and rwb's verdict after them.
            let masked = { (text: String) in
                text.replacingOccurrences(of: "cli.rdb", with: "snap.rdb").replacingOccurrences(
                    of: "[0-9]+ bytes", with: "N bytes", options: .regularExpression)
            }
            let lines = masked(ours).split(separator: "\n")
            #expect(Array(lines.dropLast()) == masked(theirs).split(separator: "\n"), "rwb:\n\(ours)\nredis-cli:\n\(theirs)")
            #expect(lines.last?.hasPrefix("RDB verified: version 0010, EOF opcode, CRC64 0x") == true, "\(ours)")
            #expect(ours.contains("SYNC sent to master, writing \(try Data(contentsOf: URL(fileURLWithPath: file)).count) bytes to"))
            #expect(try Self.files(in: directory) == ["cli.rdb", "snap.rdb"])
            let got = try await Self.loaded(file) { try await Self.contents($0) }
            #expect(got == expected)
            #expect(got[0] == .integer(9))
        }
    }

    @Test func rdbToStandardOutputAndDisklessGiveTheSameData() async throws {
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            try await Self.fill(client)
            let expected = try await Self.contents(client)
            let piped = directory + "/piped.rdb"
            let (_, status) = try await Self.shell(Self.rwb(port, ["--rdb", "-"]) + " > \(TestShell.quote(piped)) 2>/dev/null")
            #expect(status == 0)
            #expect(try await Self.loaded(piped) { try await Self.contents($0) } == expected)
            _ = try await client.pipeline([
                ["CONFIG", "SET", "repl-diskless-sync", "yes"], ["CONFIG", "SET", "repl-diskless-sync-delay", "0"],
            ])
            await client.close()
            let diskless = directory + "/diskless.rdb"
            let (lines, code) = try await Self.shell(Self.rwb(port, ["--rdb", diskless]) + " 2>&1")
            let size = try Data(contentsOf: URL(fileURLWithPath: diskless)).count
            #expect(code == 0)
            #expect(lines.contains("SYNC sent to master, writing bytes of bulk transfer until EOF marker to '\(diskless)'\n"), "\(lines)")
            #expect(lines.contains("Transfer finished with success after \(size) bytes\n"), "\(lines)")
            #expect(try await Self.loaded(diskless) { try await Self.contents($0) } == expected)
        }
    }

    @Test func aServerWithoutChecksumsGivesAnUnverifiedFileThatLoads() async throws {
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        // rdbchecksum cannot be changed with CONFIG SET.
        try await ServerFixture.withServer(arguments: ["--rdbchecksum", "no"]) { server in
            let client = ServerFixture.client(server)
            _ = try await client.send(["SET", "k", "v"])
            await client.close()
            let file = directory + "/plain.rdb"
            let (lines, status) = try await Self.shell(Self.rwb(server.port ?? 0, ["--rdb", file]) + " 2>&1")
            #expect(status == 0 && lines.contains("RDB not verified: its checksum is 0 (the server runs with rdbchecksum no)"), "\(lines)")
            #expect(try await Self.loaded(file) { try await $0.send(["GET", "k"]) } == .bulkString(RESPBytes(Array("v".utf8))))
        }
    }

    @Test func aRefusedSyncLeavesNoFileAndSaysWhyAsRedisCli() async throws {
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            _ = try await client.send(["ACL", "SETUSER", "nosync", "on", ">pw", "~*", "&*", "+@all", "-sync", "-psync"])
            await client.close()
            let file = directory + "/refused.rdb"
            let (ours, status) = try await Self.shell(
                Self.rwb(port, ["--user", "nosync", "--pass", "pw", "--no-auth-warning", "--rdb", file]) + " 2>&1")
            let (theirs, _) = try await Self.shell(
                "redis-cli -p \(port) --user nosync --pass pw --no-auth-warning --rdb \(TestShell.quote(file)) 2>&1")
            #expect(status == 1)
            let refusal = "SYNC with master failed: -NOPERM this user has no permissions to run the 'sync' command\n"
            // redis-cli prints the server's line with its \r; rwb without it.
            #expect(
                ours.hasSuffix(refusal) && theirs.replacingOccurrences(of: "\r", with: "").contains(refusal),
                "rwb:\n\(ours)\nredis-cli:\n\(theirs)")
            // redis-cli leaves nothing here either (it opens the file after SYNC is answered).
            #expect(try Self.files(in: directory).isEmpty)
            let (missing, code) = try await Self.shell(Self.rwb(port, ["--rdb", directory + "/no/such/dir.rdb"]) + " 2>&1")
            #expect(code == 1 && missing.hasPrefix("Error opening '\(directory)/no/such/.dir.rdb.rwb-"), "\(missing)")
            let (lost, lostCode) = try await Self.shell(Self.rwb(1, ["--rdb", directory + "/x.rdb"]) + " 2>&1")
            #expect(lostCode == 1 && lost.hasPrefix("Could not connect to Redis at 127.0.0.1:1"), "\(lost)")
            #expect(try Self.files(in: directory).isEmpty)
        }
    }

    @Test func functionsRdbHoldsTheFunctionsAndNoKeys() async throws {
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            try await Self.fill(client)
            _ = try await client.send([
                "FUNCTION", "LOAD", "#!lua name=rwblib\nredis.register_function('rwb_hello', function(keys, args) return 'hello' end)",
            ])
            await client.close()
            let file = directory + "/functions.rdb"
            let (lines, status) = try await Self.shell(Self.rwb(server.port ?? 0, ["--functions-rdb", file]) + " 2>&1")
            #expect(status == 0 && lines.contains("sending REPLCONF rdb-filter-only functions\n"), "\(lines)")
            let (count, reply) = try await Self.loaded(file) { loaded in
                (try await loaded.send(["DBSIZE"]), try await loaded.send(["FCALL", "rwb_hello", "0"]))
            }
            #expect(count == .integer(0))
            #expect(reply == .bulkString(RESPBytes(Array("hello".utf8))))
        }
    }

    /// The commands both tools print while a client writes; the master's PINGs left out
    /// (each tool sees those its own connection time allows).
    @Test func replicaPrintsTheMastersCommandsAsRedisCli() async throws {
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        try await ServerFixture.withServer(arguments: ThrowawayServer.replicationArguments) { server in
            let port = server.port ?? 0
            let both = Task {
                try await Self.shell(
                    "(timeout --foreground --preserve-status -s INT 10 \(Self.rwb(port, ["--replica"])) > \(directory)/rwb.out 2> \(directory)/rwb.err; echo $? > \(directory)/rwb.status) & "
                        + "(timeout -s INT 10 stdbuf -oL redis-cli -p \(port) --replica > \(directory)/cli.out 2> \(directory)/cli.err) & wait"
                )
            }
            // Both online (redis-cli acknowledges a second after its diskless sync).
            for _ in 0..<60
            where ["rwb.err", "cli.err"].contains(where: { !TestShell.contents(of: "\(directory)/\($0)").contains("Logging") }) {
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .seconds(2))
            let client = ServerFixture.client(server)
            _ = try await client.pipeline([["SET", "a b", "x\"y\n"], ["RPUSH", "l", "1", "2"], ["SELECT", "2"], ["INCR", "n"]])
            await client.close()
            _ = try await both.value
            let lines = { (name: String) in
                TestShell.contents(of: "\(directory)/\(name)").split(separator: "\n").filter { $0 != "\"ping\"" }
            }
            #expect(
                lines("rwb.out") == [
                    "\"SELECT\",\"0\"", "\"SET\",\"a b\",\"x\\\"y\\n\"", "\"RPUSH\",\"l\",\"1\",\"2\"", "\"SELECT\",\"2\"",
                    "\"INCR\",\"n\"",
                ])
            // redis-cli may come online after the master's first SELECT (it acknowledges a
            // second after its sync); the rest is the same stream.
            let afterSelect = { (name: String) in Array(lines(name).drop { $0 == "\"SELECT\",\"0\"" }) }
            #expect(afterSelect("rwb.out") == afterSelect("cli.out"), "redis-cli: \(lines("cli.out"))")
            let masked = { (name: String) in
                TestShell.contents(of: "\(directory)/\(name)").replacingOccurrences(of: "[0-9]+", with: "N", options: .regularExpression)
                    .split(separator: "\n").filter { !$0.hasPrefix("sending REPLCONF ACK") }
            }
            #expect(masked("rwb.err") == masked("cli.err"))
            #expect(TestShell.contents(of: "\(directory)/rwb.status") == "0\n")
        }
    }

    @Test func replicaSaysOnceThatTheMasterIsLostAndExitsOne() async throws {
        let directory = try TestShell.temporaryDirectory()
        defer { TestShell.remove(directory) }
        try await ServerFixture.withServer(arguments: ThrowawayServer.replicationArguments) { server in
            let errors = "\(directory)/rwb.err"
            let follower = Task {
                try await Self.shell("timeout 60 " + Self.rwb(server.port ?? 0, ["--replica"]) + " 2> \(errors) > /dev/null")
            }
            // Killed once it is a replica online, not before it sent SYNC.
            for _ in 0..<300 where !TestShell.contents(of: errors).contains("Logging") { try await Task.sleep(for: .milliseconds(100)) }
            let client = ServerFixture.client(server)
            _ = try await client.send(["CLIENT", "KILL", "TYPE", "replica"])
            await client.close()
            let (_, status) = try await follower.value
            let text = TestShell.contents(of: errors)
            #expect(status == 1)
            #expect(
                text.hasSuffix("Logging commands from master.\n--replica: lost the master: the server closed the connection\n"), "\(text)")
        }
    }

    @Test func lruTestPrintsRedisCliLinesAndLeavesTheKeysAsTheyWere() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port ?? 0
            let client = ServerFixture.client(server)
            _ = try await client.send(["SET", "mine", "v"])
            let shape = #"^[0-9]+ Gets/sec \| Hits: [0-9]+ \([0-9]+\.[0-9]{2}%\) \| Misses: [0-9]+ \([0-9]+\.[0-9]{2}%\)$"#
            for signal in ["INT", "TERM"] {
                let (output, status) = try await Self.shell("timeout -s \(signal) 5 \(Self.rwb(port, ["--lru-test", "1000"])) 2>&1")
                let lines = output.split(separator: "\n")
                #expect(status == 0 || status == 124, "\(output)")
                #expect(lines.first == "maxmemory 0 (none), policy noeviction: without maxmemory nothing is evicted", "\(output)")
                #expect(lines.count > 1 && lines[1].hasSuffix("rwb lab eviction"))
                let counted = lines.dropFirst(2)
                #expect(counted.count >= 1 && counted.allSatisfy { $0.range(of: shape, options: .regularExpression) != nil }, "\(output)")
                #expect(try await client.send(["DBSIZE"]) == .integer(1), "after SIG\(signal)")
            }
            let (theirs, _) = try await Self.shell("timeout -s INT 2.5 stdbuf -oL redis-cli -p \(port) --lru-test 1000")
            #expect(
                theirs.split(separator: "\n").first.map { $0.range(of: shape, options: .regularExpression) != nil } == true, "\(theirs)")
            await client.close()
        }
    }

    @Test func badInputIsRefusedWithExitTwo() async throws {
        for (words, message) in [
            (["--lru-test", "0"], "Error: --lru-test 0: from 1 to 100000000 keys"),
            (["--lru-test", "100000001"], "Error: --lru-test 100000001: from 1 to 100000000 keys"),
            (["--rdb", "f", "GET", "k"], "Error: --rdb takes no command ('GET')"),
            (["--rdb", "f", "-r", "2"], "Error: -r shapes one command; --rdb sends none of yours"),
            (["--replica", "-i", "1"], "Error: -i shapes one command; --replica sends none of yours"),
            (["--rdb", "f", "--functions-rdb", "g"], "Error: choose one of --rdb and --functions-rdb"),
            (["--replica", "--json"], "Error: --replica prints redis-cli's text, in no other format (--json)"),
            (["--rdb", "f", "--local"], "Error: --rdb works on one server you have"),
            (["--lru-test", "10", "-c"], "Error: --lru-test works on one server you have"),
        ] {
            let (output, status) = try await Self.shell(Self.rwb(1, words) + " 2>&1")
            #expect(status == 2, "\(words)")
            #expect(output.hasPrefix(message), "\(words): \(output)")
        }
    }
}
