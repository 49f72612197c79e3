import RedisClient

/// A lock from SET NX PX with a random token: workers increment a counter in SQLite inside
/// a critical section, and count, themselves, two holders inside at once and increments
/// lost, when some of them pause longer than the lease. Released by DEL, by compare-and-
/// delete, and with fencing tokens the counter's table checks; each also without pauses.
public struct LockLab: Lab {
    public static let name = "lock"
    public static let summary =
        "SET NX PX locks under a pause longer than the lease: DEL vs token release vs fencing tokens, violations and lost increments counted"

    public var variants: [LockVariant]
    public var workers: Int
    /// Critical sections each worker runs, per variant and run.
    public var rounds: Int
    public var leaseMs: Int
    /// The critical section's own length, between reading and writing the counter.
    public var workMs: Int
    /// Added to the work of one round in every `pauseEvery` of each worker, in the paused run.
    public var pauseMs: Int
    public var pauseEvery: Int

    public init(variants: [LockVariant], workers: Int, rounds: Int, leaseMs: Int, workMs: Int, pauseMs: Int, pauseEvery: Int) {
        self.variants = variants
        self.workers = workers
        self.rounds = rounds
        self.leaseMs = leaseMs
        self.workMs = workMs
        self.pauseMs = pauseMs
        self.pauseEvery = pauseEvery
    }

    public func run(_ context: LabContext) async throws -> LockReport {
        var report = LockReport(
            workers: workers, rounds: rounds, leaseMs: leaseMs, workMs: workMs, pauseMs: pauseMs, pauseEvery: pauseEvery)
        let connections = try await context.connections(workers)
        let scripts = LockScripts()
        let schedule = pauseSchedule(context)
        do {
            for (done, variant) in variants.enumerated() {
                context.progress.update(phase: variant.rawValue, done: done, total: variants.count)
                let paused = try await run(variant, "paused", pauses: schedule, connections, scripts, context)
                try Task.checkCancellation()
                let control = try await run(variant, "control", pauses: [], connections, scripts, context)
                report.variants.append(LockVariantResult(variant: variant, paused: paused, control: control))
                try Task.checkCancellation()
            }
        } catch {
            for connection in connections { await connection.close() }
            throw LabStopped(partial: report, reason: error)
        }
        for connection in connections { await connection.close() }
        return report
    }

    /// For each worker, the rounds that pause: one drawn from each full block of
    /// `pauseEvery` rounds, so every worker pauses `rounds / pauseEvery` times, the same
    /// rounds for every variant.
    func pauseSchedule(_ context: LabContext) -> [Set<Int>] {
        (0..<workers).map { worker in
            var generator = context.generator(stream: 0x10C0 + UInt64(worker))
            return Set(stride(from: 0, to: rounds - pauseEvery + 1, by: pauseEvery).map { $0 + generator.index(below: pauseEvery) })
        }
    }

    /// Every worker's rounds of one variant, on fresh keys and a fresh counter.
    private func run(
        _ variant: LockVariant, _ name: String, pauses: [Set<Int>], _ connections: [any LabConnection], _ scripts: LockScripts,
        _ context: LabContext
    ) async throws -> LockOutcome {
        let keys = LockKeys(
            lock: context.keys.key(variant.rawValue, name, "lock", tag: "lock"),
            fence: context.keys.key(variant.rawValue, name, "fence", tag: "lock"))
        let resource = try await CounterResource(path: "\(context.scratchDirectory)/lock-\(variant.rawValue)-\(name).sqlite")
        let tallies = LockTallies()
        let settings = LockSettings(rounds: rounds, leaseMs: leaseMs, workMs: workMs, pauseMs: pauseMs)
        let start = context.clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, connection) in connections.enumerated() {
                let worker = LockWorker(
                    index: index, variant: variant, connection: connection, keys: keys, scripts: scripts, resource: resource,
                    tallies: tallies, clock: context.clock, settings: settings, pausingRounds: index < pauses.count ? pauses[index] : [],
                    generator: context.generator(stream: 0x70C0 + UInt64(index)))
                group.addTask {
                    var worker = worker
                    try await worker.run()
                }
            }
            try await group.waitForAll()
        }
        var outcome = tallies.outcome
        outcome.elapsedMs = Int((context.clock.now - start).milliseconds)
        outcome.finalCounter = try await resource.read()
        outcome.lostIncrements = outcome.writesAccepted - outcome.finalCounter
        try resource.close()
        try await context.redis.call("DEL", keys.lock, keys.fence)
        return outcome
    }
}
