import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

@Suite struct KeyPatternTests {
    private func pattern(_ key: String) -> String { String(decoding: KeyPattern.of(Array(key.utf8)), as: UTF8.self) }

    @Test func idsDigestsAndUUIDsCollapse() {
        #expect(pattern("user:1042:profile") == "user:*:profile")
        #expect(pattern("session:9f8a0c1e7b3d") == "session:*")
        #expect(pattern("order:3f2504e0-4f89-11d3-9a0c-0305e82c3301:items") == "order:*:items")
        #expect(pattern("cache/products/17.json") == "cache/products/*.json")
        #expect(pattern("user_42") == "user_*")
        #expect(pattern("queue:jobs") == "queue:jobs")
        // Words of hex letters alone stay words; short hex with digits stays too.
        #expect(pattern("feed:deadbeefcafe") == "feed:deadbeefcafe")
        #expect(pattern("color:ff00") == "color:ff00")
    }

    @Test func binaryPartsCollapseAndPrintEscaped() {
        let key: [UInt8] = Array("blob:".utf8) + [0xFF, 0x01] + Array(":v".utf8)
        #expect(KeyPattern.of(key) == Array("blob:*:v".utf8))
        #expect(KeyPattern.printable([0x61, 0xFF, 0x5C]) == #"a\xff\\"#)
    }
}

/// `analyze` on a real server: its totals are MEMORY USAGE's, its groups are right.
@Suite(.needsRedis) struct AnalyzeTests {
    /// MEMORY USAGE of each key the test wrote, every element counted (SAMPLES 0).
    private func memoryUsage(of keys: [[UInt8]], _ client: RedisClient) async throws -> Int64 {
        var total: Int64 = 0
        for key in keys {
            total +=
                try await client.call(
                    RedisCommand(bytes: [Array("MEMORY".utf8), Array("USAGE".utf8), key, Array("SAMPLES".utf8), Array("0".utf8)])
                ).int ?? 0
        }
        return total
    }

    /// The walk with redis-cli's extras (elements, LFU counters), the same by either method
    /// and equal to what the test wrote (lengths) and to OBJECT FREQ read key by key.
    @Test(arguments: [AnalyzeLab.InspectionMethod.script, .pipeline])
    func surveyExtrasAreEachKeysLengthAndCounter(method: AnalyzeLab.InspectionMethod) async throws {
        try await ServerFixture.withServer(arguments: ["--maxmemory-policy", "allkeys-lfu"]) { server async throws in
            let client = ServerFixture.client(server)
            _ = try await client.pipeline([
                RedisCommand("SET", "s:short", "abc"), RedisCommand("SET", "s:long", String(repeating: "x", count: 300)),
                RedisCommand("RPUSH", "l", "a", "b", "c", "d"), RedisCommand("HSET", "h", "f", "v", "g", "w", "k", "x"),
                RedisCommand("SADD", "set", "1", "2"), RedisCommand("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"),
                RedisCommand("XADD", "x", "*", "f", "v"),
            ])
            // Reads make counters differ (LFU's increments are random: read them back below).
            for _ in 0..<50 { _ = try await client.call(RedisCommand("GET", "s:short")) }
            var counters: [String: Int64] = [:]
            for key in ["s:short", "s:long", "l", "h", "set", "z", "x"] {
                counters[key] = try await client.call(RedisCommand("OBJECT", "FREQ", key)).int
            }
            var lab = AnalyzeLab(
                sample: nil, match: nil, top: 1, scanCount: 3, pipelineKeys: 2, connections: 1, throttleMs: 0, patterns: 1, csv: false,
                method: method)
            lab.extras = [.elements, .frequency]
            let context = LabContext(
                redis: try await RedisConnection.connect(server.options), connect: { try await RedisConnection.connect(server.options) },
                clock: SystemClock(), seed: 1, keys: KeySpace(workbenchPrefix: "rwb:", lab: "analyze"), commands: CommandLog(),
                scratchDirectory: "")
            let survey = try await lab.survey(context)
            await context.redis.close()
            await client.close()
            #expect(survey.method == method && survey.dbsize == 7 && survey.tally.keys == 7)
            let types = survey.tally.byElements?.types ?? [:]
            #expect(types["string"]?.total == 303 && types["string"]?.biggest == Array("s:long".utf8))
            #expect(types["list"]?.total == 4 && types["hash"]?.total == 3 && types["set"]?.total == 2)
            #expect(types["zset"]?.total == 5 && types["stream"]?.total == 1)
            let hot = survey.tally.hottest?.entries ?? []
            #expect(hot.count == 7)
            for entry in hot { #expect(counters[String(decoding: entry.name, as: UTF8.self)] == entry.counter) }
            #expect(hot.first?.name == Array("s:short".utf8))
        }
    }

    @Test(arguments: ["script", "pipeline"])
    func totalsGroupsAndTheLargestKeys(method: String) async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            var commands: [RedisCommand] = []
            for id in 0..<300 { commands.append(RedisCommand("HSET", "user:\(id):profile", "name", "n\(id)", "email", "e\(id)")) }
            for id in 0..<200 { commands.append(RedisCommand("SET", "session:\(String(id * 7919, radix: 16))aa11bb22", "x", "EX", "600")) }
            commands.append(RedisCommand("RPUSH", "queue:big", "a", "b", "c", "d", "e", "f", "g", "h"))
            commands.append(RedisCommand(bytes: [Array("SET".utf8), Array("bin:".utf8) + [0xFF, 0x00], Array("v".utf8)]))
            commands.append(RedisCommand(["SADD", "tags:all"] + (0..<600).map { "tag-with-a-long-name-\($0)" }))
            _ = try await client.pipeline(commands)
            // The keys written, by name: 300 + 200 + 3.
            let written =
                (0..<300).map { Array("user:\($0):profile".utf8) }
                + (0..<200).map { Array("session:\(String($0 * 7919, radix: 16))aa11bb22".utf8) }
                + [Array("queue:big".utf8), Array("bin:".utf8) + [0xFF, 0x00], Array("tags:all".utf8)]
            let run = await LabRun.run(".analyze --json --top 3 --method \(method)", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(try run.number("keys_scanned") == Double(written.count))
            #expect(try run.number("total_keys") == Double(written.count))
            #expect(try run.number("total_bytes") == Double(try await memoryUsage(of: written, client)))
            #expect(try run.number("by_type[name=hash].keys") == 300)
            #expect(try run.number("by_pattern[name=user:*:profile].keys") == 300)
            #expect(try run.number("by_pattern[name=session:*].with_ttl") == 200)
            #expect(try run.number(#"by_pattern[name=bin:*].keys"#) == 1)
            #expect(try run.report.map { try ReportPath("top_keys[0].key").resolve(in: $0) } == .string("tags:all"))
            #expect(try run.report.map { try ReportPath("encodings[encoding=hashtable].type").resolve(in: $0) } == .string("set"))
            #expect(try run.number("without_ttl.keys") == 303)
            // Read-only: nothing was written or removed.
            #expect(try await client.call("DBSIZE") == .integer(503))
            await client.close()
        }
    }

    @Test func aSampleIsScaledAndSaysSo() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            // Names of one length, so that every key costs the same: a sample of any 100 keys
            // scales to exactly 1,000 of them.
            let names = (0..<1000).map { "k:" + String(String($0 + 10_000).dropFirst()) }
            _ = try await client.pipeline(names.map { RedisCommand("SET", $0, "v") })
            let each = try await memoryUsage(of: [Array(names[0].utf8)], client)
            #expect(try await memoryUsage(of: [Array(names[999].utf8)], client) == each)
            let run = await LabRun.run(".analyze --json --sample 100 --scan-count 50", on: server)
            #expect(try run.number("keys_scanned") == 100)
            #expect(try run.number("scale") == 10)
            #expect(try run.number("total_keys") == 1000)
            #expect(try run.number("total_bytes") == Double(1000 * each))
            #expect(try run.number("by_pattern[name=k:*].keys") == 1000)
            let text = await LabRun.run(".analyze --sample 100 --scan-count 50", on: server)
            #expect(text.output.contains("Sampled 100 of 1,000 keys; totals below are scaled by 10."))
            await client.close()
        }
    }

    @Test func anEmptyDatabaseAndAMatchAreFine() async throws {
        try await ServerFixture.withServer { server async throws in
            let empty = await LabRun.run(".analyze --json", on: server)
            #expect(empty.result.ok)
            #expect(try empty.number("total_keys") == 0)
            let client = ServerFixture.client(server)
            _ = try await client.pipeline([RedisCommand("SET", "a:1", "x"), RedisCommand("SET", "b:1", "y")])
            let matched = await LabRun.run(".analyze --json --match a:*", on: server)
            #expect(try matched.number("keys_scanned") == 1)
            await client.close()
        }
    }

    /// A set of 990 short members and 10 of 10 kB: MEMORY USAGE's default (5 samples)
    /// averages the short ones and reports about 40 kB; every member counted, 143 kB.
    private func lopsidedSet(_ client: RedisClient) async throws -> (exact: Int64, sampled: Int64) {
        let members = (0..<990).map { "m\($0)" } + (0..<10).map { "\($0)" + String(repeating: "x", count: 10_000) }
        _ = try await client.call(RedisCommand(["SADD", "lopsided"] + members))
        let exact = try await client.call("MEMORY", "USAGE", "lopsided", "SAMPLES", "0").int ?? 0
        let sampled = try await client.call("MEMORY", "USAGE", "lopsided").int ?? 0
        return (exact, sampled)
    }

    @Test(arguments: ["script", "pipeline"])
    func aggregatesAreMeasuredExactlyByDefault(method: String) async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let usage = try await lopsidedSet(client)
            #expect(usage.exact > 3 * usage.sampled, "the set should be one the default sampling misjudges: \(usage)")
            let run = await LabRun.run(".analyze --json --method \(method)", on: server)
            #expect(try run.number("total_bytes") == Double(usage.exact))
            #expect(try run.number("top_keys[0].bytes") == Double(usage.exact))
            #expect(try run.report.map { try ReportPath("memory_usage").resolve(in: $0) } == .string("exact"))
            // Sampling, asked for, is what MEMORY USAGE … SAMPLES 5 says, and the report says so.
            let sampled = await LabRun.run(".analyze --json --method \(method) --memory-samples 5", on: server)
            #expect(
                try sampled.number("total_bytes") == Double(try await client.call("MEMORY", "USAGE", "lopsided", "SAMPLES", "5").int ?? 0))
            #expect(try sampled.report.map { try ReportPath("memory_usage").resolve(in: $0) } == .string("sampled"))
            #expect(try sampled.number("memory_samples") == 5)
            let text = await LabRun.run(".analyze --memory-samples 5", on: server)
            #expect(text.output.contains("MEMORY USAGE sampled 5 elements of each aggregate (--memory-samples): its sizes are estimates."))
            await client.close()
        }
    }

    @Test func aUserWithoutScriptingFallsBackToThePipelineMethod() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            _ = try await client.pipeline((0..<50).map { RedisCommand("SET", "k:\($0)", "v") })
            _ = try await client.call("ACL", "SETUSER", "noscript", "on", ">secret", "~*", "+@all", "-@scripting")
            var options = server.options
            options.username = "noscript"
            options.password = "secret"
            let run = await LabRun.run(".analyze --json", options: options)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(try run.number("keys_scanned") == 50)
            #expect(try run.report.map { try ReportPath("method").resolve(in: $0) } == .string("pipeline"))
            let text = await LabRun.run(".analyze", options: options)
            #expect(
                text.output.contains(
                    "Note: the user may not run scripts (NOPERM): keys inspected with --method pipeline instead of script."),
                "\(text.output)")
            // A permission it cannot do without stops it, worded as the tool it is.
            _ = try await client.call("ACL", "SETUSER", "noscript", "-scan")
            let stopped = await LabRun.run(".analyze --method pipeline", options: options)
            #expect(
                stopped.result.failure?.message.hasPrefix("analyze stopped: NOPERM") == true,
                "\(String(describing: stopped.result.failure))")
            await client.close()
        }
    }

    @Test func csvCellsAreNeverFormulas() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            _ = try await client.pipeline(
                ["=HYPERLINK(\"http://x\")", "+add", "-minus", "@at", "plain"].map { RedisCommand("SET", $0, "v") })
            let run = await LabRun.run(".analyze --csv", on: server)
            #expect(run.result.ok)
            // Each row: the pattern first, an example key last (the same name here).
            let rows = run.output.split(separator: "\n").filter { $0.hasPrefix("\"") }.map { $0.split(separator: ",").map(String.init) }
            #expect(
                Set(rows.compactMap(\.first)) == [#""'=HYPERLINK(""http://x"")""#, #""'+add""#, #""'-minus""#, #""'@at""#, #""plain""#],
                "\(run.output)")
            #expect(rows.allSatisfy { $0.first == $0.last }, "\(rows)")
            // Standard output is the CSV alone: its header first, no report banner before it.
            #expect(run.output.hasPrefix("pattern,keys,bytes,share,with_ttl,example\n"), "\(run.output)")
            await client.close()
        }
    }
}
