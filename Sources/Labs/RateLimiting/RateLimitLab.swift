import HeapModule
import RESP
import RedisClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Clients hitting a limiter backed by Redis, every algorithm on the same seeded arrivals,
/// each held against the exact sliding log of what it allowed. On the virtual clock the lab
/// passes `now` to the scripts, so a virtual hour runs in seconds and a seed replays the same
/// decisions; on the server clock the scripts read TIME and the traffic runs in real time.
public struct RateLimitLab: Lab {
    public static let name = "ratelimit"
    public static let summary = "six rate limiters against the exact answer: over-limit allows, needless denials, races, skew"
    /// Its decisions are plain commands and EVALSHA; a submitted batch becomes requests in turn.
    public static let needs = LabNeeds(runsOverREST: true)

    /// `--race` sends MULTI … EXEC, which an endpoint runs only on `/multi-exec`, and counts a
    /// pipeline as one step, which over REST is a request per command.
    public var refusalOverREST: String? {
        race == nil
            ? nil
            : "--race sends MULTI … EXEC and pipelines it counts as one round trip; over REST each command is a request of its own and MULTI is refused: run --race over RESP"
    }

    public enum Clock: String, Codable, Sendable, CaseIterable {
        case virtual, server
    }

    public var algorithms: [RateLimitAlgorithm]
    public var policy: RatePolicy
    public var pattern: TrafficPattern
    public var rate: Double
    public var keys: Int
    public var durationMs: Int64
    /// App servers the requests come through; each has its own clock, off by up to `skewMs`.
    public var clients: Int
    public var skewMs: Int64
    public var clock: Clock
    public var retry: RetryTiming
    /// `--race N`: N connections on one key at the same instant.
    public var race: Int?
    public var headers: Bool

    public init(
        algorithms: [RateLimitAlgorithm], policy: RatePolicy, pattern: TrafficPattern, rate: Double, keys: Int, durationMs: Int64,
        clients: Int, skewMs: Int64, clock: Clock, retry: RetryTiming, race: Int?, headers: Bool
    ) {
        self.algorithms = algorithms
        self.policy = policy
        self.pattern = pattern
        self.rate = rate
        self.keys = keys
        self.durationMs = durationMs
        self.clients = clients
        self.skewMs = skewMs
        self.clock = clock
        self.retry = retry
        self.race = race
        self.headers = headers
    }

    /// Requests (before retries) a run may plan: each costs memory for its decision.
    public static let maxRequests = 20_000_000

    /// Requests the traffic makes per algorithm, before retries.
    public var expectedRequests: Double { plan.expectedRequests }

    var plan: TrafficPlan {
        TrafficPlan(policy: policy, pattern: pattern, rate: rate, keys: keys, durationMs: durationMs, servers: max(clients, 1), seed: 0)
    }

    public func run(_ context: LabContext) async throws -> RateLimitReport {
        var report = RateLimitReport(
            limit: policy.limit, windowMs: policy.windowMs, pattern: pattern, clock: clock.rawValue, rate: rate, keys: keys,
            durationMs: durationMs, skewMs: skewMs)
        var plan = self.plan
        plan.seed = context.seed
        let arrivals = plan.arrivals()
        if pattern == .edge { report.edge = EdgeTraffic.count(arrivals, windowMs: policy.windowMs) }
        do {
            var examples: [HeaderExample] = []
            for (index, algorithm) in algorithms.enumerated() {
                try Task.checkCancellation()
                let simulation = Simulation(lab: self, algorithm: algorithm, context: context, arrivals: arrivals, phase: index)
                let (result, last) = try await simulation.run()
                report.results.append(result)
                if headers && examples.isEmpty {
                    for decision in [last.allowed, last.denied].compactMap({ $0 }) {
                        examples.append(
                            HeaderExample(
                                algorithm: algorithm, status: decision.allowed ? 200 : 429,
                                fields: try RateLimitHeaders.fields(for: decision, policy: policy)))
                    }
                }
            }
            if headers { report.headers = examples }
            if let race {
                var results: [RaceResult] = []
                for algorithm in algorithms {
                    try Task.checkCancellation()
                    results.append(try await RaceRun(lab: self, algorithm: algorithm, connections: race, context: context).run())
                }
                report.race = results
                report.interleaving = try await InterleavingRun(lab: self, appServers: race, context: context).run()
            }
        } catch {
            throw LabStopped(partial: report, reason: error)
        }
        return report
    }

    /// The identifier's key for an algorithm.
    func key(_ keys: KeySpace, _ algorithm: RateLimitAlgorithm, _ identifier: Int) -> String {
        keys.key(algorithm.rawValue, tag: "id\(identifier)")
    }

    /// On the virtual clock Redis would expire keys in real time while the windows are
    /// virtual: keys get an hour (the lab removes them at the end).
    var ttlOverride: Int64? { clock == .virtual ? 3_600_000 : nil }
}

/// One algorithm over the arrivals: decisions pipelined in time order, retries fed back.
struct Simulation: Sendable {
    let lab: RateLimitLab
    let algorithm: RateLimitAlgorithm
    let context: LabContext
    let arrivals: [Arrival]
    let phase: Int

    /// Attempts of one request before its client gives up.
    static let maxAttempts = 20

    struct Event: Comparable, Sendable {
        var arrival: Arrival
        var attempt: Int
        var sequence: Int

        static func < (a: Event, b: Event) -> Bool {
            (a.arrival.time, a.arrival.key, a.sequence) < (b.arrival.time, b.arrival.key, b.sequence)
        }
    }

    func run() async throws -> (RateLimitResult, (allowed: RateDecision?, denied: RateDecision?)) {
        let redis = context.redis
        try await context.keys.removeAll(using: redis)
        let script = RateLimitScripts.source(for: algorithm).map { LuaScript($0) }
        let sha = try await script?.load(on: redis)
        let before = try await ServerInfo.fetchTotal(["commandstats"], from: redis).commandCalls

        var generator = context.generator(stream: UInt64(0x5E00 + phase))
        let offsets = (0..<max(lab.clients, 1)).map { _ in
            lab.skewMs == 0 ? Int64(0) : Int64((Double(lab.skewMs) * (2 * generator.nextUnit() - 1)).rounded())
        }
        var queue = Heap(arrivals.enumerated().map { Event(arrival: $0.element, attempt: 1, sequence: $0.offset) })
        var sequence = arrivals.count
        var exact = ExactLog(policy: lab.policy)
        let bucketMs = max(1000, ((lab.durationMs / 120 + 999) / 1000) * 1000)
        let buckets = Int((lab.durationMs + bucketMs - 1) / bucketMs)
        var timeline = Timeline(
            bucketMs: bucketMs, allowed: Array(repeating: 0, count: buckets), denied: Array(repeating: 0, count: buckets))
        var allowed = 0
        var denied = 0
        var collisions = 0
        var deniedSince: [Int: Int64] = [:]
        var lockout: Int64 = 0
        var lastNow: [Int: Int64] = [:]
        var examples: (allowed: RateDecision?, denied: RateDecision?) = (nil, nil)
        // The lab's time: virtual (moved to each request's instant) or the server's.
        let virtual = VirtualClock()
        let realStart = context.clock.now
        // On the server's clock the exact log judges each request at the instant it was
        // decided (the script's TIME, or when the tutorial's commands went out), as the
        // limiter did, not at its planned instant; how late the lab sent is counted.
        let epochStart = context.clock.epochMilliseconds
        var maxLagMs: Int64 = 0
        let commandsBefore = context.commands.total
        var decided = 0

        // The decisions of one batch, once its replies are in.
        func record(_ batch: [Event], sentNow: [Int64], sentAt: [Int64], replies: [RESPValue]) throws {
            for (index, event) in batch.enumerated() {
                let decision: RateDecision
                if algorithm.isPipeline {
                    let own = replies[(index * 4)..<(index * 4 + 4)]
                    decision = try RateLimitScripts.naiveDecision(own, policy: lab.policy)
                    if RateLimitScripts.naiveMemberCollided(own) { collisions += 1 }
                } else {
                    decision = try RateLimitScripts.decision(replies[index])
                }
                let key = event.arrival.key
                let decidedAt = algorithm.isPipeline ? sentAt[index] : (RateLimitScripts.decidedAt(replies[index]) ?? sentAt[index])
                let at = lab.clock == .server ? max(0, decidedAt - epochStart) : event.arrival.time
                lastNow[key] = sentNow[index]
                exact.record(key: key, time: at, allowed: decision.allowed)
                let bucket = min(buckets - 1, Int(at / bucketMs))
                if decision.allowed {
                    allowed += 1
                    timeline.allowed[bucket] += 1
                    if let since = deniedSince.removeValue(forKey: key) { lockout = max(lockout, at - since) }
                    if examples.allowed == nil { examples.allowed = decision }
                } else {
                    denied += 1
                    timeline.denied[bucket] += 1
                    if deniedSince[key] == nil { deniedSince[key] = at }
                    if examples.denied == nil { examples.denied = decision }
                    if lab.pattern == .retry, event.attempt < Self.maxAttempts {
                        let delay = lab.retry == .immediate ? 1 : max(1, decision.retryAfterMs)
                        let retryAt = at + delay
                        if retryAt < lab.durationMs {
                            var again = event.arrival
                            again.time = retryAt
                            queue.insert(Event(arrival: again, attempt: event.attempt + 1, sequence: sequence))
                            sequence += 1
                        }
                    }
                }
            }
            decided += batch.count
        }

        // Two batches in flight: the next is written while the last one's replies are read.
        // Retries feed back into the queue, so with them one batch at a time.
        var inFlight: (batch: [Event], sentNow: [Int64], sentAt: [Int64], replies: PendingReplies)?
        while true {
            try Task.checkCancellation()
            var next: (batch: [Event], sentNow: [Int64], sentAt: [Int64], replies: PendingReplies)?
            if let first = queue.min, lab.pattern != .retry || inFlight == nil {
                // A batch: events in time order; with retries only those of one instant, since
                // a retry lands a millisecond later at the earliest.
                var batch: [Event] = []
                while let candidate = queue.min, batch.count < 256, lab.pattern != .retry || candidate.arrival.time == first.arrival.time {
                    batch.append(queue.removeMin())
                }
                let time = first.arrival.time
                if lab.clock == .server {
                    // Real time: wait until the batch is due.
                    let wait = realStart + .milliseconds(time) - context.clock.now
                    if wait > .zero { try await context.clock.sleep(for: wait) }
                }
                var commands: [RedisCommand] = []
                var sentNow: [Int64] = []
                var sentAt: [Int64] = []
                for event in batch {
                    let key = lab.key(context.keys, algorithm, event.arrival.key)
                    virtual.advance(to: .milliseconds(event.arrival.time))
                    // Each app server reads its own clock, off by its skew.
                    let offset = offsets[event.arrival.server]
                    let wall = lab.clock == .server ? context.clock.epochMilliseconds : 0
                    if lab.clock == .server { maxLagMs = max(maxLagMs, wall - epochStart - event.arrival.time) }
                    let now = lab.clock == .server ? wall + offset : max(0, virtual.now.milliseconds + offset)
                    sentNow.append(now)
                    sentAt.append(wall)
                    let member: String
                    switch algorithm {
                    case .slidingLogNaiveMs: member = String(now)
                    case .slidingLogNaive: member = "\(now)-\(generator.nextUnit())"
                    default: member = "\(now)-\(event.sequence)"
                    }
                    if algorithm.isPipeline {
                        commands += RateLimitScripts.naivePipeline(
                            key: key, now: now, member: member, windowMs: lab.policy.windowMs,
                            ttlSeconds: lab.ttlOverride.map { $0 / 1000 })
                    } else if let sha {
                        let nowArgument = lab.clock == .server ? "" : String(now)
                        commands.append(
                            RedisCommand([
                                "EVALSHA", sha, "1", key, nowArgument, String(lab.policy.limit), String(lab.policy.windowMs),
                                member, lab.ttlOverride.map(String.init) ?? "",
                            ]))
                    }
                }
                next = (batch, sentNow, sentAt, context.redis.submit(commands))
                context.progress.update(phase: algorithm.rawValue, done: Int(time), total: Int(lab.durationMs))
            }
            if let current = inFlight {
                try record(current.batch, sentNow: current.sentNow, sentAt: current.sentAt, replies: try await current.replies.replies)
            }
            inFlight = next
            if inFlight == nil && queue.isEmpty { break }
        }
        let elapsed = context.clock.now - realStart
        let sent = context.commands.total - commandsBefore
        // A client still denied at the end was locked out until then.
        for since in deniedSince.values { lockout = max(lockout, lab.durationMs - since) }

        let after = try await ServerInfo.fetchTotal(["commandstats"], from: context.redis).commandCalls
        // Not the limiter's: INFO and SCRIPT are the lab's own, REPLCONF a replica's
        // acknowledgements (a cluster's masters each have one).
        let serverCommands = after.filter { !["info", "script", "replconf"].contains($0.key) }.reduce(0) {
            $0 + $1.value - (before[$1.key] ?? 0)
        }
        let bytes = try await bytesPerKey(lastNow: lastNow)
        try await context.keys.removeAll(using: redis)
        let result = RateLimitResult(
            algorithm: algorithm, requests: decided, allowed: allowed, denied: denied, maxAllowedInWindow: exact.maxAllowedInWindow,
            overLimitAllows: exact.overLimitAllows, needlessDenials: exact.needlessDenials,
            lockoutMs: lab.pattern == .retry ? lockout : nil,
            bytesPerKey: bytes, commandsPerDecision: Rounding.rounded(Double(serverCommands) / Double(max(decided, 1)), 3),
            callsPerDecision: Rounding.rounded(Double(sent) / Double(max(decided, 1)), 3),
            decisionsPerSec: Rounding.rounded(Double(decided) / max(elapsed.seconds, 1e-9), 3), timeline: timeline,
            memberCollisions: algorithm.isPipeline ? collisions : nil, maxSendLagMs: lab.clock == .server ? max(0, maxLagMs) : nil)
        return (result, examples)
    }

    /// MEMORY USAGE of the keys a live limiter holds for an identifier at the end: the
    /// current window's counter (and the previous one's), or its one key.
    private func bytesPerKey(lastNow: [Int: Int64]) async throws -> Int {
        guard !lastNow.isEmpty else { return 0 }
        var total: Int64 = 0
        let window = lab.policy.windowMs
        for (identifier, now) in lastNow {
            let base = lab.key(context.keys, algorithm, identifier)
            let start = now - now % window
            let names: [String]
            switch algorithm {
            case .fixedWindow: names = ["\(base):\(start)"]
            case .slidingWindowCounter: names = ["\(base):\(start)", "\(base):\(start - window)"]
            default: names = [base]
            }
            for name in names { total += try await context.redis.call("MEMORY", "USAGE", name, "SAMPLES", "0").int ?? 0 }
        }
        return Int(total / Int64(lastNow.count))
    }
}

/// `--race N`: N real connections ask about one key at the same instant; how many get in?
struct RaceRun: Sendable {
    let lab: RateLimitLab
    let algorithm: RateLimitAlgorithm
    let connections: Int
    let context: LabContext

    func run() async throws -> RaceResult {
        try await context.keys.removeAll(using: context.redis)
        let script = RateLimitScripts.source(for: algorithm).map { LuaScript($0) }
        let sha = try await script?.load(on: context.redis)
        let open = try await context.connections(connections)
        defer { Task { for connection in open { await connection.close() } } }
        let start = Latch()
        let key = lab.key(context.keys, algorithm, 0)
        // The same instant for everybody: on the virtual clock, one value of `now`.
        let instant: Int64 = lab.clock == .server ? context.clock.epochMilliseconds : lab.policy.windowMs * 10
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (index, connection) in open.enumerated() {
                group.addTask {
                    try await withTaskExecutorPreference(connection.taskExecutor) {
                        await start.wait()
                        let member: String
                        switch algorithm {
                        case .slidingLogNaiveMs: member = String(instant)
                        default: member = "\(instant)-\(index)"
                        }
                        if algorithm.isPipeline {
                            let replies = try await connection.pipeline(
                                RateLimitScripts.naivePipeline(
                                    key: key, now: instant, member: member, windowMs: lab.policy.windowMs, ttlSeconds: nil))
                            return try RateLimitScripts.naiveDecision(replies[...], policy: lab.policy).allowed
                        }
                        guard let sha else { throw LabError("no script for \(algorithm.rawValue)") }
                        let now = lab.clock == .server ? "" : String(instant)
                        let reply = try await connection.call(
                            RedisCommand([
                                "EVALSHA", sha, "1", key, now, String(lab.policy.limit), String(lab.policy.windowMs), member, "",
                            ]))
                        return try RateLimitScripts.decision(reply).allowed
                    }
                }
            }
            start.open()
            var count = 0
            for try await wasAllowed in group where wasAllowed { count += 1 }
            return count
        }
        try await context.keys.removeAll(using: context.redis)
        return RaceResult(algorithm: algorithm, requests: connections, limit: lab.policy.limit, allowed: allowed)
    }
}
