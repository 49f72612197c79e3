import RESP
import RedisClient

/// One sorted set grown through the sizes with ZADDs of many members each, pipelined; at
/// each size its ZCARD, OBJECT ENCODING and MEMORY USAGE (SAMPLES 0: every node counted).
struct BoardGrowth: Sendable {
    let key: String
    let players: Players
    let sizes: [Int]
    let context: LabContext

    /// Members per ZADD, and ZADDs per pipeline.
    static let membersPerCommand = 500
    static let commandsPerPipeline = 20

    func run() async throws -> [GrowthStep] {
        // The ZADDs on a plain socket where there is one: the rate is then the server's and the
        // wire's, as redis-benchmark's (through the event loop it was 0.55x of that).
        let loader = try await (context.connectDirect ?? context.connect)()
        defer { Task { await loader.close() } }
        return try await withTaskExecutorPreference(loader.taskExecutor) { try await run(loading: loader) }
    }

    private func run(loading loader: any LabConnection) async throws -> [GrowthStep] {
        var steps: [GrowthStep] = []
        var loaded = 0
        for size in sizes {
            try Task.checkCancellation()
            let (commands, seconds) = try await add(loaded..<size, on: loader)
            let redis = context.redis
            guard let members = try await redis.call("ZCARD", key).int, members == size else {
                throw LabError("\(key) should hold \(size) members after loading")
            }
            let encoding = try await redis.call("OBJECT", "ENCODING", key).string ?? "?"
            let bytes = Int(try await redis.call("MEMORY", "USAGE", key, "SAMPLES", "0").int ?? 0)
            steps.append(
                GrowthStep(
                    members: size, encoding: encoding, bytes: bytes, bytesPerMember: Rounding.rounded(Double(bytes) / Double(size), 2),
                    zaddCommands: commands.count, membersAddedPerSec: Rounding.rounded(Double(size - loaded) / max(seconds, 1e-9), 0)))
            loaded = size
        }
        return steps
    }

    /// ZADDs the players with these ids; each ZADD answers how many members it added, which
    /// must be all of them (every id is new). Returns the ZADDs sent and the seconds their
    /// round trips took: the commands are built before the clock starts, so the rate is the
    /// server's intake and the wire's, not this process formatting numbers (redis-benchmark,
    /// its peer in scripts/bench-labs, builds its command once).
    private func add(_ ids: Range<Int>, on loader: any LabConnection) async throws -> (commands: [RedisCommand], seconds: Double) {
        let commands = stride(from: ids.lowerBound, to: ids.upperBound, by: Self.membersPerCommand).map { start in
            let chunk = start..<min(start + Self.membersPerCommand, ids.upperBound)
            return RedisCommand(["ZADD", key] + chunk.flatMap { [String(Int(players.scores[$0])), Players.name($0)] })
        }
        let began = context.clock.now
        var added: Int64 = 0
        for start in stride(from: 0, to: commands.count, by: Self.commandsPerPipeline) {
            for reply in try await loader.pipeline(Array(commands[start..<min(start + Self.commandsPerPipeline, commands.count)])) {
                if let message = reply.errorMessage { throw RedisServerError(message) }
                added += reply.int ?? 0
            }
        }
        let seconds = (context.clock.now - began).seconds
        guard added == ids.count else { throw LabError("ZADD added \(added) members of \(ids.count)") }
        return (commands, seconds)
    }
}

/// Sorted sets on each side of the server's limits: exactly `zset-max-listpack-entries`
/// members and one more; one member exactly `zset-max-listpack-value` bytes long and one
/// byte longer.
struct ZsetCliffProbe: Sendable {
    let limits: ZsetListpackLimits
    let context: LabContext

    /// A limit set this high is not probed member by member.
    static let largestProbedEntries = 1_000_000

    func run() async throws -> ZsetCliff? {
        guard limits.entries <= Self.largestProbedEntries, limits.value <= Self.largestProbedEntries else { return nil }
        // Entries probes use short members (decimal ids), so the value limit is not what
        // converts them.
        func numbered(_ count: Int) -> [String] { (0..<count).map { String($0) } }
        return ZsetCliff(
            entriesAtLimit: limits.entries > 0 ? try await side("entries-at", numbered(limits.entries)) : nil,
            entriesOverLimit: try await side("entries-over", numbered(limits.entries + 1)),
            valueAtLimit: try await side("value-at", [String(repeating: "n", count: limits.value)]),
            valueOverLimit: try await side("value-over", [String(repeating: "n", count: limits.value + 1)]))
    }

    private func side(_ name: String, _ names: [String]) async throws -> ZsetCliffSide {
        let key = context.keys.key("cliff", name)
        let commands = stride(from: 0, to: names.count, by: BoardGrowth.membersPerCommand).map { start in
            let chunk = start..<min(start + BoardGrowth.membersPerCommand, names.count)
            return RedisCommand(["ZADD", key] + chunk.flatMap { [String($0), names[$0]] })
        }
        for reply in try await context.redis.pipeline(commands) {
            if let message = reply.errorMessage { throw RedisServerError(message) }
        }
        let redis = context.redis
        let counted = Int(try await redis.call("ZCARD", key).int ?? 0)
        let encoding = try await redis.call("OBJECT", "ENCODING", key).string ?? "?"
        let bytes = Int(try await redis.call("MEMORY", "USAGE", key, "SAMPLES", "0").int ?? 0)
        return ZsetCliffSide(
            members: counted, longestMember: names.map(\.utf8.count).max() ?? 0, encoding: encoding, bytes: bytes,
            bytesPerMember: Rounding.rounded(Double(bytes) / Double(max(counted, 1)), 2))
    }
}
