import RESP
import RedisClient

/// "Top 10 this week" from a key per day: every point goes to the day's key
/// (`{board}:day:YYYYMMDD`, which expires) and to one ever-growing all-time key; the week
/// is ZUNIONSTORE of its seven day keys. All share the hash tag `{board}`, so on a cluster
/// they live in one slot and ZUNIONSTORE may read them together.
struct PeriodBoards: Sendable {
    let players: Int
    let eventsPerDay: Int
    let context: LabContext

    /// Two weeks, Monday 5 to Sunday 18 January 2026: the second is the week ranked.
    static let days = (5...18).map { "202601" + ($0 < 10 ? "0" : "") + String($0) }
    /// A day key outlives its week by a day.
    static let dayTTLSeconds = 8 * 86_400
    /// Each week half the points go to a few players of its own (drawn from the seed), so
    /// the week's leaders differ from the fortnight's.
    static let favouredPerWeek = 10
    static let commandsPerPipeline = 1000

    func run() async throws -> PeriodReport {
        var generator = context.generator(stream: 0x3D)
        let favoured = (0..<2).map { _ in (0..<Self.favouredPerWeek).map { _ in generator.index(below: players) } }
        var dayScores: [[Int: Double]] = []
        var allTime: [Int: Double] = [:]
        let allTimeKey = key("all-time")
        var zincrby = 0
        for (index, day) in Self.days.enumerated() {
            try Task.checkCancellation()
            var scores: [Int: Double] = [:]
            var commands: [RedisCommand] = []
            for _ in 0..<eventsPerDay {
                let stars = favoured[index / 7]
                let player = generator.chance(0.5) ? stars[generator.index(below: stars.count)] : generator.index(below: players)
                let points = 1 + generator.index(below: 10)
                scores[player, default: 0] += Double(points)
                allTime[player, default: 0] += Double(points)
                commands.append(RedisCommand("ZINCRBY", key("day", day), String(points), Players.name(player)))
                commands.append(RedisCommand("ZINCRBY", allTimeKey, String(points), Players.name(player)))
            }
            commands.append(RedisCommand("EXPIRE", key("day", day), String(Self.dayTTLSeconds)))
            zincrby += commands.count - 1
            try await send(commands)
            dayScores.append(scores)
        }

        let week = Array(Self.days.suffix(7))
        let weekKey = key("week", week[0])
        let union = try await context.redis.call(RedisCommand(["ZUNIONSTORE", weekKey, "7"] + week.map { key("day", $0) }))
        guard let weekMembers = union.int else { throw LabError("ZUNIONSTORE answered \(union)") }
        var weekModel: [Int: Double] = [:]
        for scores in dayScores.suffix(7) { weekModel.merge(scores, uniquingKeysWith: +) }

        let weekTop = try await top10(weekKey)
        let allTimeTop = try await top10(allTimeKey)
        var dayBytes = 0
        for day in week { dayBytes += try await bytes(key("day", day)) }
        return PeriodReport(
            players: players, eventsPerDay: eventsPerDay, days: Self.days.count, week: "\(week[0])–\(week[6])",
            zincrbyCommands: zincrby, weekMembers: Int(weekMembers), weekModelMembers: weekModel.count,
            weekTop10Mismatches: Self.mismatches(weekTop, BoardModel(weekModel.map { ($0.key, $0.value) }).range(0, 9)),
            allTimeMembers: Int(try await context.redis.call("ZCARD", allTimeKey).int ?? 0),
            allTimeTop10Mismatches: Self.mismatches(allTimeTop, BoardModel(allTime.map { ($0.key, $0.value) }).range(0, 9)),
            top10InBoth: Set(weekTop.map(\.member)).intersection(allTimeTop.map(\.member)).count,
            favouredPerWeek: Self.favouredPerWeek,
            favouredInWeekTop10: weekTop.filter { Players.id($0.member).map(favoured[1].contains) == true }.count,
            dayKeysBytes: dayBytes, weekKeyBytes: try await bytes(weekKey), allTimeKeyBytes: try await bytes(allTimeKey),
            dayKeysWithTTL: try await withTTL(Self.days.map { key("day", $0) }))
    }

    /// `…:{board}:day:20260112`.
    private func key(_ parts: String...) -> String {
        context.keys.prefix + (["{board}"] + parts).joined(separator: ":")
    }

    private func send(_ commands: [RedisCommand]) async throws {
        for start in stride(from: 0, to: commands.count, by: Self.commandsPerPipeline) {
            for reply in try await context.redis.pipeline(Array(commands[start..<min(start + Self.commandsPerPipeline, commands.count)])) {
                if let message = reply.errorMessage { throw RedisServerError(message) }
            }
        }
    }

    private func top10(_ key: String) async throws -> [(member: String, score: Double)] {
        let reply = try await context.redis.call("ZREVRANGE", key, "0", "9", "WITHSCORES")
        guard let scored = ScoreReplies.scored(reply) else { throw LabError("ZREVRANGE \(key) answered \(reply)") }
        return scored
    }

    /// Keys whose TTL reads more than 0 (-1: none, -2: no key).
    private func withTTL(_ keys: [String]) async throws -> Int {
        var count = 0
        for key in keys where try await context.redis.call("TTL", key).int ?? -2 > 0 { count += 1 }
        return count
    }

    private func bytes(_ key: String) async throws -> Int {
        Int(try await context.redis.call("MEMORY", "USAGE", key, "SAMPLES", "0").int ?? 0)
    }

    /// Places of a top 10 whose player or score differs from the model's (a missing place
    /// counts as one).
    static func mismatches(_ top: [(member: String, score: Double)], _ expected: ArraySlice<BoardModel<Int>.Entry>) -> Int {
        let differing = zip(top, expected).filter { Players.id($0.member) != $1.member || $0.score != $1.score }.count
        return differing + abs(top.count - expected.count)
    }
}
