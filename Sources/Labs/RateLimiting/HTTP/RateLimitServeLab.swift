import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RedisClient
import ServiceLifecycle
import Synchronization

/// The tutorial's middleware, for real: an HTTP API on loopback whose every route under
/// `/api/` goes through the chosen limiter, per client address. Allowed requests get 200 and
/// the rate-limit headers; denied ones 429, `{"error":"Too many requests"}` and Retry-After.
/// It serves until Ctrl-C or SIGTERM, then reports what it answered.
///
/// It manages its keys itself (`writesKeys: false`): the runner clears a lab's prefix before
/// a run, which would wipe the counters of a serve already live on it. Instead a serve takes
/// `ServeLock` (a second one on the prefix refuses to start), every key it writes has a TTL,
/// and on its way out it removes its keys, lock included.
public struct RateLimitServeLab: Lab {
    public static let name = "ratelimit serve"
    public static let summary = "a real HTTP API on loopback answering 429 from a Redis-backed limiter"
    public static let needs = LabNeeds(writesKeys: false, endsOnInterrupt: true)

    public enum FailMode: String, Codable, Sendable, CaseIterable {
        /// Redis unreachable: let the request through.
        case open
        /// Redis unreachable: refuse it (503).
        case closed
    }

    public var host: String
    public var port: Int
    public var algorithm: RateLimitAlgorithm
    public var policy: RatePolicy
    /// Take the client's identity from X-Forwarded-For (only behind a proxy that sets it).
    public var trustForwarded: Bool
    public var fail: FailMode
    /// Serve without the limiter: the baseline its cost is measured against.
    public var limiterOff: Bool
    /// How long a request waits for the limiter's answer before `fail` decides.
    public var limiterTimeoutMs: Int64

    public init(
        host: String, port: Int, algorithm: RateLimitAlgorithm, policy: RatePolicy, trustForwarded: Bool, fail: FailMode, limiterOff: Bool,
        limiterTimeoutMs: Int64 = 100
    ) {
        self.host = host
        self.port = port
        self.algorithm = algorithm
        self.policy = policy
        self.trustForwarded = trustForwarded
        self.fail = fail
        self.limiterOff = limiterOff
        self.limiterTimeoutMs = limiterTimeoutMs
    }

    public func run(_ context: LabContext) async throws -> RateLimitServeReport {
        // Without the limiter nothing is written, so there is nothing to share or lock.
        let lock = limiterOff ? nil : try await ServeLock.take(context, owner: "\(host):\(port)")
        let keepAlive = lock.map { lock in Task { await lock.keepAlive(context) } }
        defer { keepAlive?.cancel() }
        do {
            let limiter = try await HTTPLimiter(lab: self, context: context)
            defer { Task { await limiter.close() } }
            try await serve(limiter, context)
            return limiter.report()
        } catch {
            if lock != nil { await removeKeys(context) }
            throw error
        }
    }

    /// Serves until the lab is stopped (Ctrl-C, SIGTERM), then removes the keys.
    private func serve(_ limiter: HTTPLimiter, _ context: LabContext) async throws {
        let router = Router(context: LimiterRequestContext.self)
        // The limiter is the routes' own middleware: it sees exactly the requests the router
        // serves under /api, however their path is spelled.
        let api = router.group("api").add(middleware: RateLimitMiddleware(limiter: limiter, lab: self, context: context))
        api.get("**") { request, _ -> Response in
            JSONBody.response(.ok, .object([.init("ok", .bool(true)), .init("path", .string(request.uri.path))]))
        }
        api.post("**") { _, _ -> Response in
            JSONBody.response(.ok, .object([.init("ok", .bool(true))]))
        }
        var logger = Logger(label: "rwb.ratelimit.serve")
        logger.logLevel = .critical
        // The server either starts listening or fails to (a port in use): whichever comes
        // first opens `settled`.
        let settled = Latch()
        let listening = Mutex(false)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "rwb"),
            onServerRunning: { _ in
                listening.withLock { $0 = true }
                settled.open()
            }, logger: logger)
        // A group of our own, without signal handlers (the lab runner owns the signals), so
        // that stopping can be graceful: no new connections, requests in flight answered.
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let server = Task {
            defer { settled.open() }
            try await group.run()
        }
        await settled.wait()
        guard listening.withLock({ $0 }) else {
            if case .failure(let error) = await server.result {
                throw LabError("cannot listen on \(host):\(port): \(Self.describe(error))")
            }
            throw LabError("the HTTP server on \(host):\(port) stopped at once")
        }
        let limiting =
            limiterOff
            ? "no limiter"
            : "\(algorithm.rawValue), \(policy.limit) per \(policy.windowMs) ms per client, fail \(fail.rawValue) after \(limiterTimeoutMs) ms"
        context.log("listening on http://\(host):\(port)/api/ — \(limiting); Ctrl-C stops")
        // Serve until the lab is stopped (Ctrl-C, SIGTERM): then stop accepting, let the
        // requests in flight get their answer (a limiter waits at most its timeout before
        // `--fail` decides), and cut whatever is still open after that grace.
        let grace = Duration.milliseconds(limiterTimeoutMs) + Self.shutdownSlack
        await withTaskCancellationHandler {
            _ = await server.result
        } onCancel: {
            Task {
                await group.triggerGracefulShutdown()
                try? await context.clock.sleep(for: grace)
                server.cancel()
            }
        }
        if !limiterOff { await removeKeys(context) }
    }

    /// Removes every key under the prefix (the lock says they are this serve's), in a task of
    /// its own (the lab's is cancelled by then) and for a few seconds at most: if Redis does
    /// not answer, the keys expire on their own.
    private func removeKeys(_ context: LabContext) async {
        await Task {
            _ = await Deadline.run(within: .seconds(3), clock: context.clock) { try await context.keys.removeAll(using: context.redis) }
        }.value
    }

    /// What an answered request needs beyond the limiter's timeout to be written out.
    static let shutdownSlack = Duration.milliseconds(400)

    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return io.description }
        return "\(error)"
    }
}

/// What the server answered while it ran.
public struct RateLimitServeReport: LabReport {
    public var requests: Int
    public var allowed: Int
    public var denied: Int
    /// Answered without Redis (it was unreachable): let through (`--fail open`)...
    public var failedOpen: Int
    /// ...or refused (`--fail closed`).
    public var failedClosed: Int
    public var clients: Int
    /// Of those failed open or closed, how many because Redis said nothing within
    /// `--limiter-timeout` (the others: an error, a lost connection).
    public var limiterTimeouts: Int = 0

    public var timingDependent: [String] {
        ["requests", "allowed", "denied", "failed_open", "failed_closed", "clients", "limiter_timeouts"]
    }
}
