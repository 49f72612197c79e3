import RedisClient

/// A game leaderboard in one sorted set: memory per member as it grows, where the server's
/// listpack limits switch it to a skiplist, the latency of ZINCRBY, the top 10, ZREVRANK
/// and the page around a player with every answer held against an in-process model, and the
/// order of tied scores with the composite-score fix, and a week's top 10 from per-day keys.
public struct LeaderboardLab: Lab {
    public static let name = "leaderboard"
    public static let summary =
        "a leaderboard in a sorted set: memory per member as it grows, the listpack cliff, ZINCRBY/ZREVRANK/page latency checked against a model, tie order, top 10 of the week"

    /// Sizes the set grows through, ascending; the operations run on the largest.
    public var sizes: [Int]
    /// Timed operations of each kind.
    public var operations: Int
    /// Players who reach the same score.
    public var tiedPlayers: Int
    /// Players scoring in the per-day keys, and point events a day.
    public var periodPlayers: Int
    public var eventsPerDay: Int

    public init(sizes: [Int], operations: Int, tiedPlayers: Int, periodPlayers: Int = 1000, eventsPerDay: Int = 5000) {
        self.sizes = sizes
        self.operations = operations
        self.tiedPlayers = tiedPlayers
        self.periodPlayers = periodPlayers
        self.eventsPerDay = eventsPerDay
    }

    public func run(_ context: LabContext) async throws -> LeaderboardReport {
        var report = LeaderboardReport(thresholds: try await Self.limits(context.redis))
        let players = Players(count: sizes.max() ?? 0, seed: context.seed)
        let board = context.keys.key("board")
        do {
            context.progress.update(phase: "growth", done: 0, total: 5)
            report.growth = try await BoardGrowth(key: board, players: players, sizes: sizes, context: context).run()
            try Task.checkCancellation()
            context.progress.update(phase: "cliff", done: 1, total: 5)
            report.cliff = try await ZsetCliffProbe(limits: report.thresholds, context: context).run()
            try Task.checkCancellation()
            context.progress.update(phase: "operations", done: 2, total: 5)
            report.operationsOn = players.count
            report.operations = try await BoardOperations(key: board, players: players, count: operations, context: context).run()
            report.rankMismatches = report.operations.reduce(0) { $0 + $1.mismatches }
            try Task.checkCancellation()
            context.progress.update(phase: "ties", done: 3, total: 5)
            report.ties = try await TieOrderRun(players: tiedPlayers, context: context).run()
            try Task.checkCancellation()
            context.progress.update(phase: "periods", done: 4, total: 5)
            report.periods = try await PeriodBoards(players: periodPlayers, eventsPerDay: eventsPerDay, context: context).run()
        } catch {
            throw LabStopped(partial: report, reason: error)
        }
        return report
    }

    static func limits(_ redis: some RedisCommandSender) async throws -> ZsetListpackLimits {
        func config(_ name: String) async throws -> Int {
            let reply = try await redis.call("CONFIG", "GET", name)
            // RESP2 answers [name, value]; RESP3 a map.
            guard let number = reply.fieldsByName?[name]?.string.flatMap({ Int($0) }) else {
                throw LabError("CONFIG GET \(name) answered \(reply)")
            }
            return number
        }
        return ZsetListpackLimits(
            entries: try await config("zset-max-listpack-entries"), value: try await config("zset-max-listpack-value"))
    }
}

/// The leaderboard's players: `player:0000042`, zero-padded so that the byte order Redis
/// uses for equal scores is the order of the ids, each with a seeded starting score.
struct Players: Sendable {
    let count: Int
    /// Starting scores, by id: whole numbers below a million, so a million players tie often.
    let scores: [Double]

    init(count: Int, seed: UInt64) {
        self.count = count
        var generator = SeededGenerator(seed: seed).split(0x1B)
        scores = (0..<count).map { _ in Double(generator.next(below: 1_000_000)) }
    }

    static func name(_ id: Int) -> String {
        let digits = String(id)
        return "player:" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    static func id(_ name: String) -> Int? {
        name.hasPrefix("player:") ? Int(name.dropFirst(7)) : nil
    }
}
