import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RESP
import RedisClient
import Synchronization

/// The tutorial's middleware, for real: an HTTP API on loopback whose every path under
/// `/api/` goes through the chosen limiter, per client address. Allowed requests get 200 and
/// the rate-limit headers; denied ones 429, `{"error":"Too many requests"}` and Retry-After.
/// It serves until Ctrl-C or SIGTERM, then reports what it answered.
public struct RateLimitServeLab: Lab {
    public static let name = "ratelimit serve"
    public static let summary = "a real HTTP API on loopback answering 429 from a Redis-backed limiter"
    public static let needs = LabNeeds(endsOnInterrupt: true)

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

    public init(host: String, port: Int, algorithm: RateLimitAlgorithm, policy: RatePolicy, trustForwarded: Bool, fail: FailMode, limiterOff: Bool) {
        self.host = host
        self.port = port
        self.algorithm = algorithm
        self.policy = policy
        self.trustForwarded = trustForwarded
        self.fail = fail
        self.limiterOff = limiterOff
    }

    public func run(_ context: LabContext) async throws -> RateLimitServeReport {
        let limiter = try await HTTPLimiter(lab: self, context: context)
        let router = Router(context: LimiterRequestContext.self)
        if !limiterOff { router.add(middleware: RateLimitMiddleware(limiter: limiter, lab: self, context: context)) }
        router.get("/api/**") { request, _ -> Response in
            let body = #"{"ok":true,"path":"\#(request.uri.path)"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.post("/api/**") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
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
        let server = Task {
            defer { settled.open() }
            try await app.run()
        }
        await settled.wait()
        guard listening.withLock({ $0 }) else {
            if case .failure(let error) = await server.result {
                throw LabError("cannot listen on \(host):\(port): \(Self.describe(error))")
            }
            throw LabError("the HTTP server on \(host):\(port) stopped at once")
        }
        let limiting = limiterOff ? "no limiter" : "\(algorithm.rawValue), \(policy.limit) per \(policy.windowMs) ms per client, fail \(fail.rawValue)"
        context.log("listening on http://\(host):\(port)/api/ — \(limiting); Ctrl-C stops")
        // Serve until the lab is stopped (Ctrl-C, SIGTERM): then shut the server down.
        await withTaskCancellationHandler {
            _ = await server.result
        } onCancel: {
            server.cancel()
        }
        return limiter.report(lab: self)
    }

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

    public var timingDependent: [String] { ["requests", "allowed", "denied", "failed_open", "failed_closed", "clients"] }
}

/// Hummingbird's request context, with the peer's address (the client's identity).
struct LimiterRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Applies the limiter to `/api/` and writes the headers, the 429s and the log line.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = LimiterRequestContext
    let limiter: HTTPLimiter
    let lab: RateLimitServeLab
    let context: LabContext

    func handle(_ request: Request, context requestContext: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, requestContext) }
        let client = identity(request, requestContext)
        var response: Response
        var note: String
        switch await limiter.decide(client) {
        case .decided(let decision):
            let fields = (try? RateLimitHeaders.fields(for: decision, policy: lab.policy)) ?? []
            if decision.allowed {
                response = try await next(request, requestContext)
            } else {
                response = Response(status: .tooManyRequests, headers: [.contentType: "application/json"],
                                    body: .init(byteBuffer: ByteBuffer(string: #"{"error":"Too many requests"}"#)))
            }
            for field in fields {
                if let name = HTTPField.Name(field.name) { response.headers[name] = field.value }
            }
            note = "remaining=\(decision.remaining)"
        case .unavailable(let reason):
            if lab.fail == .open {
                response = try await next(request, requestContext)
            } else {
                response = Response(status: .serviceUnavailable, headers: [.contentType: "application/json", .retryAfter: "1"],
                                    body: .init(byteBuffer: ByteBuffer(string: #"{"error":"Rate limiter unavailable"}"#)))
            }
            if let name = HTTPField.Name("RateLimit-Fail") { response.headers[name] = lab.fail.rawValue }
            note = "redis unavailable (\(reason)): failing \(lab.fail.rawValue)"
        }
        log(client: client, request: request, status: response.status.code, note: note)
        return response
    }

    /// The peer's address; X-Forwarded-For's first hop only when told to trust it (anyone
    /// can send that header, so trusting it without a proxy lets clients choose who they are).
    private func identity(_ request: Request, _ requestContext: Context) -> String {
        if lab.trustForwarded, let name = HTTPField.Name("X-Forwarded-For"), let forwarded = request.headers[name],
            let first = forwarded.split(separator: ",").first
        {
            return first.trimmingCharacters(in: " ")
        }
        return requestContext.remoteAddress?.ipAddress ?? "unknown"
    }

    private func log(client: String, request: Request, status: Int, note: String) {
        if context.json {
            let fields: [ReportValue.Field] = [
                .init("client", .string(client)), .init("method", .string(request.method.rawValue)), .init("path", .string(request.uri.path)),
                .init("status", .int(Int64(status))), .init("note", .string(note)),
            ]
            context.log(ReportValue.object(fields).json())
        } else {
            context.log("\(client) \(request.method.rawValue) \(request.uri.path) \(status) \(note)")
        }
    }
}


/// The limiter the middleware asks: the algorithm's script (or the tutorial's pipeline) on a
/// connection that is opened again after Redis comes back.
final class HTTPLimiter: Sendable {
    enum Outcome {
        case decided(RateDecision)
        case unavailable(String)
    }

    private struct Counts {
        var requests = 0
        var allowed = 0
        var denied = 0
        var failedOpen = 0
        var failedClosed = 0
        var clients: Set<String> = []
    }

    private let lab: RateLimitServeLab
    private let context: LabContext
    private let script: LuaScript?
    private let connection = Mutex<(any LabConnection)?>(nil)
    private let counts = Mutex(Counts())
    private let sequence = Counter()

    init(lab: RateLimitServeLab, context: LabContext) async throws {
        self.lab = lab
        self.context = context
        script = RateLimitScripts.source(for: lab.algorithm).map { LuaScript($0) }
        if let script { try await script.load(on: context.redis) }
    }

    func decide(_ client: String) async -> Outcome {
        let outcome: Outcome
        do {
            outcome = .decided(try await ask(client))
        } catch {
            connection.withLock { $0 = nil }
            outcome = .unavailable("\(error)")
        }
        counts.withLock { counts in
            counts.requests += 1
            counts.clients.insert(client)
            switch outcome {
            case .decided(let decision):
                if decision.allowed { counts.allowed += 1 } else { counts.denied += 1 }
            case .unavailable:
                if lab.fail == .open { counts.failedOpen += 1 } else { counts.failedClosed += 1 }
            }
        }
        return outcome
    }

    private func ask(_ client: String) async throws -> RateDecision {
        let redis = try await current()
        let key = context.keys.key("client", tag: client)
        sequence.add()
        if lab.algorithm.isPipeline {
            let now = context.clock.epochMilliseconds
            let member = lab.algorithm == .slidingLogNaiveMs ? String(now) : "\(now)-\(sequence.value)"
            let replies = try await redis.pipeline(RateLimitScripts.naivePipeline(key: key, now: now, member: member, windowMs: lab.policy.windowMs, ttlSeconds: nil))
            return try RateLimitScripts.naiveDecision(replies[...], policy: lab.policy)
        }
        guard let script else { throw LabError("no script for \(lab.algorithm.rawValue)") }
        // The server's clock: every app server in front of it agrees.
        let reply = try await script.call(
            keys: [key], arguments: ["", String(lab.policy.limit), String(lab.policy.windowMs), "\(client)-\(sequence.value)", ""], on: redis)
        return try RateLimitScripts.decision(reply)
    }

    private func current() async throws -> any LabConnection {
        if let open = connection.withLock({ $0 }) { return open }
        let fresh = try await context.connect()
        connection.withLock { $0 = fresh }
        return fresh
    }

    func report(lab: RateLimitServeLab) -> RateLimitServeReport {
        counts.withLock { counts in
            RateLimitServeReport(requests: counts.requests, allowed: counts.allowed, denied: counts.denied, failedOpen: counts.failedOpen,
                                 failedClosed: counts.failedClosed, clients: counts.clients.count)
        }
    }
}
