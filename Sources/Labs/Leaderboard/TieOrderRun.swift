import RESP
import RedisClient

/// Players who reach one score one after another. With the score alone Redis orders them
/// by member bytes, descending, whoever got there first; a composite score, score × 2^32
/// plus the milliseconds left in the period, puts the first to arrive first, as long as the
/// sum fits a double's 53-bit significand.
struct TieOrderRun: Sendable {
    let players: Int
    let context: LabContext

    static let score = 1000
    /// Bits of the composite given to time: 2^32 ms is about 49 days, a period's length.
    static let timeBits = 32
    static var maxExactScore: Int { (1 << (53 - timeBits)) - 1 }
    /// Past the bound: the composite is about 2^55, where doubles are 4 apart.
    static let overBoundScore = 1 << 23

    /// Names whose byte order is not their arrival order: capitals sort before lower case,
    /// "é" (0xC3 0xA9) after every ASCII letter.
    static let names = ["zoe", "Adam", "émile", "bob", "Chen", "ana", "Yusuf", "mia", "Óscar", "kai", "Lena", "ravi"]

    func run() async throws -> TieOrder {
        var generator = context.generator(stream: 0x71)
        var pool = (0..<players).map { index in
            Self.names[index % Self.names.count] + (index < Self.names.count ? "" : String(index / Self.names.count))
        }
        // Arrival: a seeded shuffle, each 1 to 3 ms after the one before.
        var arrivals: [(name: String, ms: Int)] = []
        var ms = generator.index(below: 1000)
        while !pool.isEmpty {
            arrivals.append((pool.remove(at: generator.index(below: pool.count)), ms))
            ms += 1 + generator.index(below: 3)
        }
        let arrivalOrder = arrivals.map(\.name)
        let plain = try await ranking("plain", arrivals, score: Self.score, .plain)
        let composite = try await ranking("composite", arrivals, score: Self.score, .composite)
        let overBound = try await ranking("composite-over", arrivals, score: Self.overBoundScore, .composite)
        return TieOrder(
            players: players, score: Self.score, arrivalOrder: arrivalOrder, redisOrder: plain.order, plain: plain.ranking,
            composite: composite.ranking, compositeOverBound: overBound.ranking, timeBits: Self.timeBits,
            maxExactScore: Self.maxExactScore)
    }

    enum Scoring {
        /// The score alone.
        case plain
        /// score × 2^timeBits + (2^timeBits − 1 − ms): the earlier, the larger. Exact as an
        /// integer; the server parses it into a double, which rounds once the sum passes 2^53.
        case composite

        func stored(_ score: Int, ms: Int) -> Int64 {
            switch self {
            case .plain: return Int64(score)
            case .composite: return Int64(score) << timeBits + ((Int64(1) << timeBits) - 1 - Int64(ms))
            }
        }

        /// The score a stored value stands for (nil for one no integer holds).
        func decoded(_ stored: Double) -> Int? {
            switch self {
            case .plain: return Int(exactly: stored)
            case .composite: return Int(exactly: (stored / Double(Int64(1) << timeBits)).rounded(.down))
            }
        }
    }

    /// ZADDs every player in arrival order into a key of its own, reads ZREVRANGE 0 -1
    /// WITHSCORES, and counts places out of arrival order, places that differ from the
    /// model, and scores that do not decode back.
    private func ranking(
        _ name: String, _ arrivals: [(name: String, ms: Int)], score: Int, _ scoring: Scoring
    ) async throws -> (ranking: TieRanking, order: [String]) {
        let key = context.keys.key("ties", name)
        let values = arrivals.map { scoring.stored(score, ms: $0.ms) }
        let commands = zip(arrivals, values).map { RedisCommand("ZADD", key, String($1), $0.name) }
        for reply in try await context.redis.pipeline(commands) {
            if let message = reply.errorMessage { throw RedisServerError(message) }
        }
        let reply = try await context.redis.call("ZREVRANGE", key, "0", "-1", "WITHSCORES")
        guard let scored = ScoreReplies.scored(reply), scored.count == arrivals.count else {
            throw LabError("ZREVRANGE \(key) answered \(reply)")
        }
        // The model holds what the server holds: the integer rounded to the nearest double,
        // as strtod rounds it.
        let model = BoardModel(zip(arrivals, values).map { (MemberBytes($0.name), Double($1)) })
        let order = scored.map(\.member)
        return (
            TieRanking(
                score: score, outOfArrivalOrder: zip(order, arrivals).filter { $0 != $1.name }.count,
                modelMismatches: zip(order, model.entries).filter { $0 != $1.member.text }.count,
                scoreDecodeErrors: scored.filter { scoring.decoded($0.score) != score }.count),
            order
        )
    }
}
