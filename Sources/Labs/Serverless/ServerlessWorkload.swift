/// The user requests every mode serves, the same sequence in each: which user asks, drawn
/// with the lab's seed. Each request is the tutorial's two patterns in a row: the fixed-window
/// rate limiter (INCR, and EXPIRE on the window's first request), then, if allowed, the
/// cache-aside read of the user's profile (GET, and on a miss the database query and SET … EX).
struct ServerlessWorkload: Sendable {
    let users: [Int]
    let limit: Int

    init(requests: Int, userCount: Int, limit: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed).split(0x5E)
        users = (0..<requests).map { _ in generator.index(below: userCount) }
        self.limit = limit
    }

    /// What each request does, worked out without Redis: the in-process model the lab's
    /// counts are checked against (a mode that disagrees is reported, not hidden).
    func model() -> ServerlessModel {
        var counts: [Int: Int] = [:]
        var cached = Set<Int>()
        var model = ServerlessModel()
        for user in users {
            let count = (counts[user] ?? 0) + 1
            counts[user] = count
            model.steps.append(
                ServerlessModel.Step(user: user, firstInWindow: count == 1, allowed: count <= limit, hit: cached.contains(user)))
            guard count <= limit else { continue }
            if !cached.contains(user) { cached.insert(user) }
        }
        return model
    }
}

/// What the model says each request meets.
struct ServerlessModel: Sendable {
    struct Step: Sendable {
        var user: Int
        /// The first request of the user's window: the tutorial's code sends EXPIRE after it.
        var firstInWindow: Bool
        var allowed: Bool
        /// The profile was in the cache when the request read it.
        var hit: Bool
    }

    var steps: [Step] = []

    var allowed: Int { steps.filter(\.allowed).count }
    var denied: Int { steps.count - allowed }
    var hits: Int { steps.filter { $0.allowed && $0.hit }.count }
    var databaseQueries: Int { steps.filter { $0.allowed && !$0.hit }.count }
    var firstInWindow: Int { steps.filter(\.firstInWindow).count }
}
