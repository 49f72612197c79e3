import RedisClient

/// N app servers share sessions stored as hashes with a sliding TTL: login, a touch on every
/// request, logout, idle expiry. Each touch variant (MULTI HSET + PEXPIRE, PEXPIRE alone, a
/// Lua touch) runs the same seeded schedule on its own keys; live sessions are counted on
/// the server at each round against a model's answer, with touches that raced an expiry and
/// the zombie sessions they left; then a session's memory as a hash and as JSON.
public struct SessionsLab: Lab {
    public static let name = "sessions"
    public static let summary =
        "sessions in hashes with a sliding TTL on N app servers: live sessions vs a model, touches that raced an expiry, zombie sessions, commands per touch, hash vs JSON memory"

    public var touches: [SessionTouch]
    public var servers: Int
    public var users: Int
    public var rounds: Int
    public var ttlMs: Int

    public init(touches: [SessionTouch], servers: Int, users: Int, rounds: Int, ttlMs: Int) {
        self.touches = touches
        self.servers = servers
        self.users = users
        self.rounds = rounds
        self.ttlMs = ttlMs
    }

    /// 3/5 of the TTL: a session touched in a round is younger than the TTL at the next
    /// round's start (2/5 of it left for the round's requests), one untouched for a round is
    /// older (two sleeps).
    public var roundMs: Int { ttlMs * 3 / 5 }

    public func run(_ context: LabContext) async throws -> SessionsReport {
        let schedule = SessionSchedule(users: users, rounds: rounds, generator: context.generator(stream: 0x5E55))
        var report = SessionsReport(
            servers: servers, users: users, rounds: rounds, ttlMs: ttlMs, roundMs: roundMs,
            model: SessionModelResult(SessionModel(schedule)))
        var generator = context.generator(stream: 0xF1E1D)
        let fields = (0..<users).map { SessionFields.make(user: $0, generator: &generator) }
        let start = context.clock.now
        // When each round's requests began and ended: a touch and the next touch of one
        // session are at most from one round's start to the next round's end apart.
        var runs: [(start: Duration, end: Duration)] = []
        var apps: [SessionApp] = []
        do {
            if touches.contains(.lua) { try await SessionTouch.script.load(on: context.redis) }
            for touch in touches {
                let keys = (0..<users).map { context.keys.key(touch.rawValue, "session", "u\($0)") }
                apps.append(SessionApp(touch: touch, keys: keys, ttlMs: ttlMs, connections: try await context.connections(servers)))
            }
            report.touches = touches.map { SessionTouchResult(touch: $0) }
            for (round, intents) in schedule.intents.enumerated() {
                context.progress.update(phase: "round \(round + 1)", done: round, total: rounds)
                // Counted first, right after the sleep: the ages the model reasons about.
                for (index, app) in apps.enumerated() {
                    let census = try await app.census(on: context.redis)
                    report.touches[index].alive.append(census.alive)
                    report.touches[index].zombiesAlive.append(census.zombies)
                }
                let runStart = context.clock.now - start
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for app in apps { group.addTask { try await app.run(round: round, intents: intents, fields: fields) } }
                    try await group.waitForAll()
                }
                runs.append((runStart, context.clock.now - start))
                try await context.clock.sleep(for: .milliseconds(roundMs))
            }
            report.lateRounds = zip(runs, runs.dropFirst()).filter { $1.end - $0.start >= .milliseconds(ttlMs) }.count
            for (index, app) in apps.enumerated() { report.touches[index].record(app, model: report.model) }
            context.progress.update(phase: "memory", done: rounds, total: rounds)
            report.memory = try await SessionMemory.measure(fields, keys: context.keys, on: context.redis)
        } catch {
            await close(apps)
            throw LabStopped(partial: report, reason: error)
        }
        await close(apps)
        report.elapsedMs = Int((context.clock.now - start).milliseconds)
        return report
    }

    private func close(_ apps: [SessionApp]) async {
        for app in apps { await app.close() }
    }
}

extension SessionTouchResult {
    mutating func record(_ app: SessionApp, model: SessionModelResult) {
        let counts = app.tallies
        reads = counts.reads
        logins = counts.logins
        touches = counts.touches
        expiredInUse = counts.expiredInUse
        zombiesCreated = counts.zombiesCreated
        zombieReads = counts.zombieReads
        logouts = counts.logouts
        roundsOffModel = zip(alive, model.alive).filter { $0 != $1 }.count
        touchCommands = app.touchLog.total
        commandsPerTouch = Rounding.ratio(touchCommands, touches)
    }
}
