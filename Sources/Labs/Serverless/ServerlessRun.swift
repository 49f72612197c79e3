import RESP
import RedisClient

/// One mode's run of the workload: the tutorial's code, each command as the mode sends it,
/// everything counted as it happens.
struct ServerlessRun: Sendable {
    let mode: ServerlessMode
    let workload: ServerlessWorkload
    let model: ServerlessModel
    let valueBytes: Int
    let context: LabContext

    private func keys(_ user: Int) -> (limiter: String, profile: String) {
        // One hash tag for both of a user's keys: a transaction's keys must share a slot on
        // a cluster. The mode in the tag keeps each mode's counts its own.
        let tag = "\(mode.rawValue):u\(user)"
        return (context.keys.key("limit", tag: tag), context.keys.key("profile", tag: tag))
    }

    /// The profile the "database" returns: JSON of `valueBytes` bytes (at least 64, which
    /// the option's bounds keep).
    static func profile(user: Int, valueBytes: Int) -> String {
        let head = #"{"id":\#(user),"name":"user \#(user)","bio":""#
        return head + String(repeating: "x", count: max(0, valueBytes - head.utf8.count - 2)) + #""}"#
    }

    private func profile(_ user: Int) -> String { Self.profile(user: user, valueBytes: valueBytes) }

    /// ioredis: each command a round trip on one connection.
    func overRESP() async throws -> ServerlessModeResult {
        let connection = try await context.connect()
        defer { Task { await connection.close() } }
        var tally = Tally(mode: mode)
        let started = context.clock.now
        for (index, step) in model.steps.enumerated() {
            let begun = context.clock.now
            func send(_ command: RedisCommand) async throws -> RESPValue {
                let reply = try await connection.send(command)
                tally.result.commands += 1
                tally.result.roundTrips += 1
                tally.result.bytesSent += RESPEncoder.encode(command).count
                tally.result.bytesReceived += RESPEncoder.encode(reply).count
                return reply
            }
            let (limiter, profileKey) = keys(step.user)
            let count = Int(try await send(["INCR", limiter]).int ?? 0)
            if count == 1 { _ = try await send(["EXPIRE", limiter, String(ServerlessLab.windowSeconds)]) }
            var hit: Bool?
            if count <= workload.limit {
                let cached = try await send(["GET", profileKey])
                hit = cached != .null
                if cached == .null { _ = try await send(["SET", profileKey, profile(step.user), "EX", "3600"]) }
            }
            tally.record(index: index, step: step, allowed: count <= workload.limit, hit: hit, latency: context.clock.now - begun)
        }
        return tally.finish(total: context.clock.now - started)
    }

    /// @vercel/kv: each command one HTTP request; or the first three batched.
    func overREST(_ client: RESTLabClient) async throws -> ServerlessModeResult {
        var tally = Tally(mode: mode)
        let started = context.clock.now
        let (_, sent, received) = try await client.withConnection { session in
            for (index, step) in model.steps.enumerated() {
                try Task.checkCancellation()
                let begun = context.clock.now
                let (limiter, profileKey) = keys(step.user)
                let window = String(ServerlessLab.windowSeconds)
                let count: Int
                let cached: RESPValue?
                if mode == .rest {
                    count = Int(try await session.send(["INCR", limiter]).int ?? 0)
                    tally.sent(commands: 1)
                    if count == 1 {
                        _ = try await session.send(["EXPIRE", limiter, window])
                        tally.sent(commands: 1)
                    }
                    cached = count <= workload.limit ? try await session.send(["GET", profileKey]) : nil
                    if cached != nil { tally.sent(commands: 1) }
                } else {
                    // EXPIRE … NX: the tutorial's `if (count === 1) expire` without waiting for the count.
                    let replies = try await session.send(
                        [["INCR", limiter], ["EXPIRE", limiter, window, "NX"], ["GET", profileKey]],
                        to: mode == .pipeline ? "/pipeline" : "/multi-exec")
                    tally.sent(commands: 3)
                    guard replies.count == 3 else {
                        throw LabError("the endpoint answered \(replies.count) replies to 3 commands: \(replies)")
                    }
                    if let message = replies.first(where: \.isError)?.errorMessage { throw LabError("the endpoint answered: \(message)") }
                    count = Int(replies[0].int ?? 0)
                    cached = replies[2]
                    if count > workload.limit { tally.result.wastedReads += 1 }
                }
                let allowed = count <= workload.limit
                if allowed, let cached, cached == .null {
                    _ = try await session.send(["SET", profileKey, profile(step.user), "EX", "3600"])
                    tally.sent(commands: 1)
                }
                tally.record(
                    index: index, step: step, allowed: allowed, hit: allowed ? cached.map { $0 != .null } : nil,
                    latency: context.clock.now - begun)
            }
        }
        tally.result.bytesSent = sent
        tally.result.bytesReceived = received
        return tally.finish(total: context.clock.now - started)
    }

    /// The counts of a run as it goes.
    private struct Tally {
        var result: ServerlessModeResult
        var latency = LatencyRecorder()

        init(mode: ServerlessMode) { result = ServerlessModeResult(mode: mode) }

        /// One HTTP request carrying `commands` commands.
        mutating func sent(commands: Int) {
            result.commands += commands
            result.roundTrips += 1
        }

        mutating func record(index: Int, step: ServerlessModel.Step, allowed: Bool, hit: Bool?, latency duration: Duration) {
            latency.record(duration)
            if allowed { result.allowed += 1 } else { result.denied += 1 }
            if hit == true { result.hits += 1 }
            if hit == false { result.databaseQueries += 1 }
            if allowed != step.allowed || (allowed && hit != step.hit) { result.modelMismatches += 1 }
        }

        func finish(total: Duration) -> ServerlessModeResult {
            var done = result
            done.latency = latency.summary
            done.totalMs = Double(total.milliseconds)
            return done
        }
    }
}
