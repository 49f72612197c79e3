/// What one user does in one round, drawn from the seed before anything runs, the same for
/// every touch variant.
public enum SessionIntent: Sendable, Equatable {
    /// No request: a session not touched for a whole round has outlived its TTL by the next.
    case idle
    /// A request: read the session and touch it at once (or log in when the read finds none).
    case request
    /// A slow request: read the session now and touch it only in the next round, after the
    /// session's TTL has run out under it.
    case slowRequest
    /// The slow request of the round before finishing: its touch.
    case finishSlow
    /// DEL the session.
    case logout
}

/// Every user's intent in every round. A round is the same span of time for all: the lab
/// sleeps `roundMs` (3/5 of the TTL) between rounds, so a session touched in one round is
/// alive at the start of the next (younger than the TTL) and one left a whole round is gone
/// (two sleeps, 6/5 of the TTL, and processing only adds age).
public struct SessionSchedule: Sendable, Equatable {
    /// `intents[round][user]`.
    public let intents: [[SessionIntent]]

    /// A schedule written out (`intents[round][user]`); a `.slowRequest` must be followed by
    /// `.finishSlow` for that user in the next round.
    init(intents: [[SessionIntent]]) {
        self.intents = intents
    }

    public init(users: Int, rounds: Int, generator: SeededGenerator) {
        var generator = generator
        var intents: [[SessionIntent]] = []
        var finishing = Set<Int>()
        for _ in 0..<rounds {
            var row: [SessionIntent] = []
            var next = Set<Int>()
            for user in 0..<users {
                if finishing.contains(user) {
                    row.append(.finishSlow)
                    continue
                }
                let draw = generator.nextUnit()
                // Mostly busy users, so that sessions live several rounds; some idle out,
                // some log out, a few requests are slow.
                let intent: SessionIntent = draw < 0.6 ? .request : draw < 0.75 ? .idle : draw < 0.87 ? .slowRequest : .logout
                if intent == .slowRequest { next.insert(user) }
                row.append(intent)
            }
            intents.append(row)
            finishing = next
        }
        self.init(intents: intents)
    }
}
