import RESP

/// Scores and ranges as Redis sends them: a score is a bulk string ("123", "3.6e+16") in
/// RESP2 and a double in RESP3; WITHSCORES is a flat array in RESP2 and pairs in RESP3.
enum ScoreReplies {
    static func score(_ reply: RESPValue) -> Double? {
        if case .double(let value) = reply.withoutAttributes { return value }
        return reply.string.flatMap(Double.init)
    }

    /// (member, score) pairs of a WITHSCORES reply, nil when it is not one.
    static func scored(_ reply: RESPValue) -> [(member: String, score: Double)]? {
        guard let items = reply.elements else { return nil }
        let pairs = items.allSatisfy { $0.elements?.count == 2 } ? items.flatMap { $0.elements ?? [] } : items
        guard pairs.count % 2 == 0 else { return nil }
        var scored: [(member: String, score: Double)] = []
        for index in stride(from: 0, to: pairs.count, by: 2) {
            guard let member = pairs[index].string, let value = score(pairs[index + 1]) else { return nil }
            scored.append((member, value))
        }
        return scored
    }
}
