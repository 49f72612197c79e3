import RESP
import RedisClient

/// Issue #24 §4: when does the sliding log's check-then-add let requests over the limit?
/// N app servers, each on its own connection, ask about one empty key at one instant; every
/// way of sending the commands runs twice. In lockstep the lab holds every server at a
/// barrier after each round trip, the worst interleaving of the awaited ways and the same on
/// every run; a way written in one exchange is one step, so the lab cannot split it (whether
/// the server runs it whole is what the counts show). Freely, one latch releases them all.
struct InterleavingRun: Sendable {
    let lab: RateLimitLab
    let appServers: Int
    let context: LabContext

    /// The lab removes the key after each way; an hour's TTL keeps a window of a few
    /// milliseconds from expiring the set before its members are read back. The value
    /// does not change how the commands interleave.
    static let ttlMs: Int64 = 3_600_000

    /// What one app server's request has learnt so far.
    struct Request: Sendable {
        /// ZCARD's answer, for the ways that send it.
        var count: Int64?
        var allowed = false
        var roundTrips = 0
    }

    func run() async throws -> InterleavingReport {
        guard let source = RateLimitScripts.source(for: .slidingLog) else { throw LabError("no sliding-log script") }
        let sha = try await LuaScript(source).load(on: context.redis)
        let key = context.keys.key("interleaving", tag: "id0")
        // One `now` for everybody and every way: the same instant, so no entry ages out.
        let instant: Int64 = lab.clock == .server ? context.clock.epochMilliseconds : lab.policy.windowMs * 10
        let open = try await context.connections(appServers)
        do {
            var report = InterleavingReport(appServers: appServers, limit: lab.policy.limit, lockstep: [], free: [])
            for way in InterleavingWay.allCases {
                report.lockstep.append(try await measure(way, lockstep: true, key: key, instant: instant, sha: sha, on: open))
            }
            for way in InterleavingWay.allCases {
                report.free.append(try await measure(way, lockstep: false, key: key, instant: instant, sha: sha, on: open))
            }
            for connection in open { await connection.close() }
            return report
        } catch {
            for connection in open { await connection.close() }
            throw error
        }
    }

    private func measure(_ way: InterleavingWay, lockstep: Bool, key: String, instant: Int64, sha: String, on open: [any LabConnection])
        async throws -> InterleavingResult
    {
        try Task.checkCancellation()
        context.progress.update(
            phase: "interleaving \(lockstep ? "lockstep" : "free")", done: InterleavingWay.allCases.firstIndex(of: way) ?? 0,
            total: InterleavingWay.allCases.count)
        try await context.redis.call("DEL", key)
        let step = Step(way: way, key: key, instant: instant, policy: lab.policy, sha: sha)
        let requests = lockstep ? try await runLockstep(step, on: open) : try await runFree(step, on: open)
        guard let members = try await context.redis.call("ZCARD", key).int else {
            throw LabError("ZCARD of \(key) answered something other than an integer")
        }
        try await context.redis.call("DEL", key)
        let limit = lab.policy.limit
        let allowed = requests.filter(\.allowed).count
        var shared: Int?
        if way != .checkThenAdd && way != .lua {
            let seen = Dictionary(grouping: requests.compactMap(\.count), by: { $0 })
            shared = seen.values.filter { $0.count > 1 }.reduce(0) { $0 + $1.count }
        }
        return InterleavingResult(
            way: way, requests: requests.count, allowed: allowed, overLimitAllows: max(0, allowed - limit),
            needlessDenials: max(0, min(requests.count, limit) - allowed), membersLeft: Int(members),
            roundTripsPerRequest: Rounding.ratio(requests.map(\.roundTrips).reduce(0, +), requests.count), sharedCounts: shared)
    }

    /// A barrier after every step: all app servers send step k and have its reply before
    /// any sends step k + 1.
    private func runLockstep(_ step: Step, on open: [any LabConnection]) async throws -> [Request] {
        var requests = Array(repeating: Request(), count: open.count)
        for index in 0..<step.way.steps {
            let before = requests
            requests = try await withThrowingTaskGroup(of: (Int, Request).self) { group in
                for (server, connection) in open.enumerated() {
                    group.addTask {
                        try await withTaskExecutorPreference(connection.taskExecutor) {
                            (server, try await step.run(index, before[server], member: "\(step.instant)-\(server)", on: connection))
                        }
                    }
                }
                var after = before
                for try await (server, request) in group { after[server] = request }
                return after
            }
        }
        return requests
    }

    /// Every app server runs its request through, released with the others by one latch.
    private func runFree(_ step: Step, on open: [any LabConnection]) async throws -> [Request] {
        let start = Latch()
        return try await withThrowingTaskGroup(of: (Int, Request).self) { group in
            for (server, connection) in open.enumerated() {
                group.addTask {
                    try await withTaskExecutorPreference(connection.taskExecutor) {
                        await start.wait()
                        var request = Request()
                        for index in 0..<step.way.steps {
                            request = try await step.run(index, request, member: "\(step.instant)-\(server)", on: connection)
                        }
                        return (server, request)
                    }
                }
            }
            start.open()
            var requests = Array(repeating: Request(), count: open.count)
            for try await (server, request) in group { requests[server] = request }
            return requests
        }
    }

    /// One round trip of one way, and what its reply told.
    struct Step: Sendable {
        let way: InterleavingWay
        let key: String
        let instant: Int64
        let policy: RatePolicy
        let sha: String

        func run(_ index: Int, _ request: Request, member: String, on connection: any LabConnection) async throws -> Request {
            var request = request
            // ZREMRANGEBYSCORE, ZADD, ZCARD, EXPIRE: the tutorial's commands, in its order.
            let tutorial = RateLimitScripts.naivePipeline(
                key: key, now: instant, member: member, windowMs: policy.windowMs, ttlSeconds: InterleavingRun.ttlMs / 1000)
            switch way {
            case .tutorialAwaited:
                let reply = try await connection.call(tutorial[index])
                request.roundTrips += 1
                if index == 2 {
                    let count = try Self.count(reply)
                    request.count = count
                    request.allowed = count <= Int64(policy.limit)
                }
            case .checkThenAdd:
                // The count is read before the add, and the add is skipped when it is full.
                switch index {
                case 1:
                    let count = try Self.count(try await connection.call(tutorial[2]))
                    request.count = count
                    request.allowed = count < Int64(policy.limit)
                    request.roundTrips += 1
                case 2:
                    guard request.allowed else { return request }
                    try await connection.call(tutorial[1])
                    request.roundTrips += 1
                default:
                    try await connection.call(tutorial[index])
                    request.roundTrips += 1
                }
            case .tutorialPipeline:
                let replies = try await connection.pipeline(tutorial)
                request.roundTrips += 1
                request.allowed = try RateLimitScripts.naiveDecision(replies[...], policy: policy).allowed
                request.count = replies[2].int
            case .multi:
                let replies = try await connection.pipeline([RedisCommand("MULTI")] + tutorial + [RedisCommand("EXEC")])
                request.roundTrips += 1
                if let message = replies.lazy.compactMap(\.errorMessage).first { throw RedisServerError(message) }
                guard let executed = replies.last?.elements else {
                    throw LabError("EXEC answered \(replies.last?.typeName ?? "nothing"), not the transaction's replies")
                }
                request.allowed = try RateLimitScripts.naiveDecision(executed[...], policy: policy).allowed
                request.count = executed[2].int
            case .lua:
                let reply = try await connection.call(
                    RedisCommand([
                        "EVALSHA", sha, "1", key, String(instant), String(policy.limit), String(policy.windowMs), member,
                        String(InterleavingRun.ttlMs),
                    ]))
                request.roundTrips += 1
                request.allowed = try RateLimitScripts.decision(reply).allowed
            }
            return request
        }

        static func count(_ reply: RESPValue) throws -> Int64 {
            guard let count = reply.int else { throw LabError("ZCARD answered a \(reply.typeName), not a count") }
            return count
        }
    }
}
