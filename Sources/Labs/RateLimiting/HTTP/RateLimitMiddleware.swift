import HTTPTypes
import Hummingbird
import NIOCore

/// Hummingbird's request context, with the peer's address (the client's identity).
struct LimiterRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The limiter in front of the `/api` routes, with the headers, the 429s and the log line.
/// It is added to the routes' group, not matched on the path's text: whatever spelling the
/// router serves under `/api` (`//api/x`, `/api%2Fx`) passes through it.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = LimiterRequestContext
    let limiter: HTTPLimiter
    let lab: RateLimitServeLab
    let context: LabContext

    func handle(_ request: Request, context requestContext: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let client = identity(request, requestContext)
        // The baseline: served and counted, no Redis, no log.
        if lab.limiterOff {
            limiter.countUnlimited(client)
            return try await next(request, requestContext)
        }
        var response: Response
        var note: String
        switch await limiter.decide(client) {
        case .decided(let decision):
            let fields = (try? RateLimitHeaders.fields(for: decision, policy: lab.policy)) ?? []
            if decision.allowed {
                response = try await next(request, requestContext)
            } else {
                response = JSONBody.response(.tooManyRequests, .object([.init("error", .string("Too many requests"))]))
            }
            for field in fields {
                if let name = HTTPField.Name(field.name) { response.headers[name] = field.value }
            }
            note = "remaining=\(decision.remaining)"
        case .unavailable(let reason, _):
            if lab.fail == .open {
                response = try await next(request, requestContext)
            } else {
                response = JSONBody.response(.serviceUnavailable, .object([.init("error", .string("Rate limiter unavailable"))]))
                response.headers[.retryAfter] = "1"
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
                .init("client", .string(client)), .init("method", .string(request.method.rawValue)),
                .init("path", .string(request.uri.path)),
                .init("status", .int(Int64(status))), .init("note", .string(note)),
            ]
            context.log(ReportValue.object(fields).json())
        } else {
            context.log("\(client) \(request.method.rawValue) \(request.uri.path) \(status) \(note)")
        }
    }
}

/// Every body the API writes, through the workbench's JSON encoder: a path or a reason is
/// a string value, escaped, never pasted into the text.
enum JSONBody {
    static func response(_ status: HTTPResponse.Status, _ body: ReportValue) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body.json())))
    }
}
