import RESP
import RedisClient
import Synchronization

/// The limiter the middleware asks: the algorithm's script (or the tutorial's pipeline) on a
/// connection that is opened again after Redis comes back. Every decision has a deadline
/// (`--limiter-timeout`): past it `--fail` decides, so a paused or slow Redis costs each
/// request that long and no more.
final class HTTPLimiter: Sendable {
    enum Outcome {
        case decided(RateDecision)
        /// Redis failed (the reason), or said nothing before the deadline.
        case unavailable(String, timedOut: Bool)
    }

    private struct Counts {
        var requests = 0
        var allowed = 0
        var denied = 0
        var failedOpen = 0
        var failedClosed = 0
        var timeouts = 0
        var clients: Set<String> = []
    }

    /// The connection, or the connect under way: requests share one connect rather than each
    /// opening its own while Redis does not answer.
    private final class Link: Sendable {
        let task: Task<any LabConnection, any Error>
        /// 1 once the connect finished.
        private let connects: Counter

        init(_ connect: @escaping @Sendable () async throws -> any LabConnection) {
            let connects = Counter()
            self.connects = connects
            task = Task {
                let connection = try await connect()
                connects.add()
                return connection
            }
        }

        var connected: Bool { connects.value > 0 }
    }

    private let lab: RateLimitServeLab
    private let context: LabContext
    private let script: LuaScript?
    private let link = Mutex<Link?>(nil)
    private let counts = Mutex(Counts())
    private let sequence = Counter()

    init(lab: RateLimitServeLab, context: LabContext) async throws {
        self.lab = lab
        self.context = context
        script = lab.limiterOff ? nil : RateLimitScripts.source(for: lab.algorithm).map { LuaScript($0) }
        if let script { try await script.load(on: context.redis) }
    }

    func decide(_ client: String) async -> Outcome {
        let current = currentLink()
        let outcome: Outcome
        switch await Deadline.run(
            within: .milliseconds(lab.limiterTimeoutMs), clock: context.clock, { try await self.ask(client, on: current) })
        {
        case .finished(.success(let decision)):
            outcome = .decided(decision)
        case .finished(.failure(let error)):
            drop(current)
            outcome = .unavailable("\(error)", timedOut: false)
        case .timedOut:
            // A connection that answers nothing is closed (its commands fail at once); a
            // connect still under way is left for the next request to wait on.
            if current.connected { drop(current) }
            outcome = .unavailable("no answer within \(lab.limiterTimeoutMs) ms", timedOut: true)
        }
        counts.withLock { counts in
            counts.requests += 1
            counts.clients.insert(client)
            switch outcome {
            case .decided(let decision):
                if decision.allowed { counts.allowed += 1 } else { counts.denied += 1 }
            case .unavailable(_, let timedOut):
                if lab.fail == .open { counts.failedOpen += 1 } else { counts.failedClosed += 1 }
                if timedOut { counts.timeouts += 1 }
            }
        }
        return outcome
    }

    /// `--no-limit`: a request served without asking Redis still counts as served.
    func countUnlimited(_ client: String) {
        counts.withLock { counts in
            counts.requests += 1
            counts.allowed += 1
            counts.clients.insert(client)
        }
    }

    private func ask(_ client: String, on link: Link) async throws -> RateDecision {
        let redis = try await link.task.value
        let key = context.keys.key("client", tag: client)
        sequence.add()
        if lab.algorithm.isPipeline {
            let now = context.clock.epochMilliseconds
            let member = lab.algorithm == .slidingLogNaiveMs ? String(now) : "\(now)-\(sequence.value)"
            let replies = try await redis.pipeline(
                RateLimitScripts.naivePipeline(key: key, now: now, member: member, windowMs: lab.policy.windowMs, ttlSeconds: nil))
            return try RateLimitScripts.naiveDecision(replies[...], policy: lab.policy)
        }
        guard let script else { throw LabError("no script for \(lab.algorithm.rawValue)") }
        // The server's clock: every app server in front of it agrees.
        let reply = try await script.call(
            keys: [key], arguments: ["", String(lab.policy.limit), String(lab.policy.windowMs), "\(client)-\(sequence.value)", ""],
            on: redis)
        return try RateLimitScripts.decision(reply)
    }

    private func currentLink() -> Link {
        link.withLock { link in
            if let link { return link }
            let fresh = Link(context.connect)
            link = fresh
            return fresh
        }
    }

    /// Forgets a broken or silent connection (once: other requests may drop it too) and
    /// closes it, failing whatever still waits on it.
    private func drop(_ broken: Link) {
        let wasCurrent = link.withLock { link in
            guard link === broken else { return false }
            link = nil
            return true
        }
        if wasCurrent { Task { try? await broken.task.value.close() } }
    }

    /// Closes the connection at the end.
    func close() async {
        guard
            let last = link.withLock({ link in
                defer { link = nil }
                return link
            })
        else { return }
        if let connection = try? await Deadline.run(within: .seconds(1), clock: context.clock, { try await last.task.value }).value {
            await connection.close()
        }
    }

    func report() -> RateLimitServeReport {
        counts.withLock { counts in
            RateLimitServeReport(
                requests: counts.requests, allowed: counts.allowed, denied: counts.denied, failedOpen: counts.failedOpen,
                failedClosed: counts.failedClosed, clients: counts.clients.count, limiterTimeouts: counts.timeouts)
        }
    }
}

extension Deadline.Outcome {
    /// The work's value, if it finished in time; its error if it failed.
    var value: Value? {
        get throws {
            guard case .finished(let result) = self else { return nil }
            return try result.get()
        }
    }
}
