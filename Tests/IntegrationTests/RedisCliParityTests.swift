import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// One-shot `rwb` output compared byte for byte with `redis-cli` on the same server, in raw
/// mode (stdout a pipe) and TTY mode (under a pseudo-terminal made by `script`).
@Suite(.needsRedis) struct RedisCliParityTests {
    /// Data both tools read. Every command below reads it without changing what the next
    /// run sees, so rwb and redis-cli get the same reply.
    static let setup: [RedisCommand] = [
        ["SET", "s", "hello"],
        RedisCommand(bytes: [Array("SET".utf8), Array("bin".utf8), [0xff, 0x00, 0x61, 0x0a, 0x22, 0x5c, 0x07, 0x08, 0x09, 0x0d]]),
        ["SET", "utf", "héllo ✓"],
        ["SET", "n", "41"],
        ["RPUSH", "l", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"],
        ["HSET", "h", "f1", "v1", "f2", "two words"],
        ["SADD", "st", "x"],
        ["ZADD", "z", "1", "a", "2.5", "b", "-3", "c"],
    ]

    static let commands: [[String]] = [
        ["PING"], ["PING", "hi there"], ["ECHO", "line\nbreak"], ["GET", "s"], ["GET", "missing"], ["GET", "bin"],
        ["GET", "utf"], ["SET", "s2", "v"], ["INCRBY", "n", "0"], ["STRLEN", "s"], ["GETRANGE", "s", "0", "3"],
        ["MGET", "s", "missing", "n"], ["LRANGE", "l", "0", "-1"], ["LRANGE", "l", "0", "2"], ["LRANGE", "missing", "0", "-1"],
        ["LLEN", "l"], ["LINDEX", "l", "0"], ["LPOS", "l", "zzz"], ["HGETALL", "h"], ["HGET", "h", "f2"], ["HKEYS", "h"],
        ["HGETALL", "missing"], ["SMEMBERS", "st"], ["SISMEMBER", "st", "x"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
        ["ZSCORE", "z", "b"], ["ZRANK", "z", "a"], ["TYPE", "l"], ["EXISTS", "s", "missing", "l"], ["DEL", "nothing"],
        ["TTL", "s"], ["OBJECT", "ENCODING", "l"], ["INCR", "s"], ["NOSUCHCOMMAND", "x"], ["GET"],
        ["EVAL", "return {1, 'two', {3, {}, 'x'}, false}", "0"], ["EVAL", "return {}", "0"],
        ["EVAL", "return redis.status_reply('FINE')", "0"], ["EVAL", "return {1,2,3,4,5,6,7,8,9,10,{11,12}}", "0"],
        ["SCAN", "0", "MATCH", "nomatch*"], ["CONFIG", "GET", "maxmemory-policy"], ["DBSIZE"], ["OBJECT", "ENCODING", "h"],
        ["INFO", "keyspace"], ["MEMORY", "DOCTOR"],
    ]

    /// RESP3 replies (maps, sets, doubles, booleans, nulls) through `-3`.
    static let resp3Commands: [[String]] = [
        ["HGETALL", "h"], ["HGETALL", "missing"], ["SMEMBERS", "st"], ["SMEMBERS", "missing"], ["ZSCORE", "z", "b"],
        ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["GET", "missing"], ["CONFIG", "GET", "maxmemory*"],
        ["EVAL", "redis.setresp(3); return redis.call('HGETALL', 'h')", "0"], ["EVAL", "return {1, {}}", "0"],
    ]

    private func prepare(_ server: ThrowawayServer) async throws {
        let client = ServerFixture.client(server)
        _ = try await client.pipeline(Self.setup)
        await client.close()
    }

    private static func line(_ tool: String, _ port: Int, _ flags: [String], _ command: [String]) -> String {
        ([tool, "-p", String(port)] + flags + command).map(TestShell.quote).joined(separator: " ")
    }

    private func compare(_ server: ThrowawayServer, flags: [String], commands: [[String]], tty: Bool) async throws {
        try await Self.compare(port: server.port ?? 0, flags: flags, commands: commands, tty: tty)
    }

    /// Runs each command through both tools on the server at `port` and expects the same bytes.
    static func compare(port: Int, flags: [String], commands: [[String]], tty: Bool) async throws {
        var mismatches: [String] = []
        for command in commands {
            let ours = line(TestShell.rwbPath, port, flags, command)
            let theirs = line("redis-cli", port, flags, command)
            let wrap = { (text: String) in tty ? "script -qec \(TestShell.quote(text)) /dev/null" : text + " 2>/dev/null" }
            let (expected, _) = try await TestShell.capture(wrap(theirs))
            let (actual, _) = try await TestShell.capture(wrap(ours))
            if expected != actual {
                mismatches.append(
                    """
                    \(command.joined(separator: " ")) \(flags):
                      redis-cli: \(String(decoding: expected, as: UTF8.self).debugDescription)
                      rwb:       \(String(decoding: actual, as: UTF8.self).debugDescription)
                    """)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(commands.count) differ:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test func rawModeMatchesRedisCli() async throws {
        try await ServerFixture.withServer { server in
            try await prepare(server)
            try await compare(server, flags: [], commands: Self.commands, tty: false)
            try await compare(server, flags: ["-3"], commands: Self.resp3Commands, tty: false)
        }
    }

    @Test func ttyModeMatchesRedisCli() async throws {
        try await ServerFixture.withServer { server in
            try await prepare(server)
            try await compare(server, flags: [], commands: Self.commands, tty: true)
            try await compare(server, flags: ["-3"], commands: Self.resp3Commands, tty: true)
        }
    }

    @Test func csvModeMatchesRedisCli() async throws {
        try await ServerFixture.withServer { server in
            try await prepare(server)
            let readOnly = Self.commands.filter { !["INFO", "MEMORY", "EVAL"].contains($0[0]) }
            try await compare(server, flags: ["--csv"], commands: readOnly, tty: false)
        }
    }
}

/// SUBSCRIBE from the shell streams until interrupted: the first lines match redis-cli's.
@Suite(.needsRedis) struct SubscribeParityTests {
    @Test func firstLinesMatchRedisCliInBothModes() async throws {
        try await ServerFixture.withServer { server in
            for tty in [false, true] {
                var outputs: [[UInt8]] = []
                for tool in ["redis-cli", TestShell.quote(TestShell.rwbPath)] {
                    let command = "\(tool) -p \(server.port!) SUBSCRIBE rwb:ch"
                    let wrapped = tty ? "script -qec \(TestShell.quote(command)) /dev/null" : command
                    // `timeout` ends the stream; what matters is what came before.
                    let (output, _) = try await TestShell.capture("timeout 1 \(wrapped) 2>/dev/null | head -c 200")
                    outputs.append(output)
                }
                #expect(outputs[0] == outputs[1], "tty: \(tty): \(outputs.map { String(decoding: $0, as: UTF8.self) })")
            }
        }
    }
}
