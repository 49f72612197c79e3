import RESP
import RedisClient

/// The leaderboard's four operations on the grown set, each timed on a connection of its
/// own and each answer compared with the in-process model: ZINCRBY's new score, the top 10
/// with scores, ZREVRANK, and the page around a player (its rank, then five places either
/// side).
struct BoardOperations: Sendable {
    let key: String
    let players: Players
    let count: Int
    let context: LabContext

    /// Places shown either side of a player on their page.
    static let pageRadius = 5

    func run() async throws -> [OperationResult] {
        guard players.count > 0 else { return [] }
        let connection = try await (context.connectDirect ?? context.connect)()
        defer { Task { await connection.close() } }
        // On the connection's own thread (or event loop): the times are the round trip and
        // the client's work, not a thread hop.
        return try await withTaskExecutorPreference(connection.taskExecutor) { try await run(on: connection) }
    }

    private func run(on connection: any LabConnection) async throws -> [OperationResult] {
        var model = BoardModel((0..<players.count).map { ($0, players.scores[$0]) })
        var generator = context.generator(stream: 0x2C)
        var results: [OperationResult] = []
        for operation in BoardOperation.allCases {
            var latency = LatencyRecorder()
            var mismatches = 0
            let phaseStart = context.clock.now
            for _ in 0..<count {
                try Task.checkCancellation()
                let player = generator.index(below: players.count)
                let start = context.clock.now
                let agrees: Bool
                switch operation {
                case .zincrby:
                    let delta = Double(1 + generator.index(below: 100))
                    let reply = try await connection.call("ZINCRBY", key, String(Int(delta)), Players.name(player))
                    latency.record(context.clock.now - start)
                    agrees = ScoreReplies.score(reply) == model.increment(player, by: delta)
                case .top10:
                    let reply = try await connection.call("ZREVRANGE", key, "0", "9", "WITHSCORES")
                    latency.record(context.clock.now - start)
                    agrees = Self.matches(reply, model.range(0, 9))
                case .zrevrank:
                    let reply = try await connection.call("ZREVRANK", key, Players.name(player))
                    latency.record(context.clock.now - start)
                    agrees = reply.int.map(Int.init) == model.rank(of: player)
                case .page:
                    let rankReply = try await connection.call("ZREVRANK", key, Players.name(player))
                    guard let rank = rankReply.int.map(Int.init) else {
                        throw LabError("ZREVRANK \(Players.name(player)) answered \(rankReply)")
                    }
                    let low = max(0, rank - Self.pageRadius)
                    let high = rank + Self.pageRadius
                    let reply = try await connection.call("ZREVRANGE", key, String(low), String(high), "WITHSCORES")
                    latency.record(context.clock.now - start)
                    agrees = rank == model.rank(of: player) && Self.matches(reply, model.range(low, high))
                }
                if !agrees { mismatches += 1 }
            }
            let seconds = (context.clock.now - phaseStart).seconds
            results.append(
                OperationResult(
                    operation: operation, count: count, roundTrips: operation == .page ? 2 : 1, mismatches: mismatches,
                    p50Us: Double(latency.microsecondsAtPercentile(50)), p99Us: Double(latency.microsecondsAtPercentile(99)),
                    perSec: Rounding.rounded(Double(count) / max(seconds, 1e-9), 0)))
        }
        return results
    }

    /// True when a WITHSCORES reply is exactly the model's entries, names and scores.
    static func matches(_ reply: RESPValue, _ expected: ArraySlice<BoardModel<Int>.Entry>) -> Bool {
        guard let scored = ScoreReplies.scored(reply), scored.count == expected.count else { return false }
        return zip(scored, expected).allSatisfy { Players.id($0.member) == $1.member && $0.score == $1.score }
    }
}
