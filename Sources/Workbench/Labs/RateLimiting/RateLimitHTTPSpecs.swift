import ArgumentParser
import Labs

extension RateLimitServeLab.FailMode: ExpressibleByArgument {}

/// `rwb lab ratelimit serve` options.
public struct RateLimitServeOptions: ParsableArguments {
    @Option(help: "Where to listen: a loopback address and port.")
    var listen = "127.0.0.1:8080"

    @Option(help: "The limiter (one of the lab's algorithms).")
    var algorithm = "gcra"

    @Option(parsing: .unconditional, help: "Requests allowed per window, per client.")
    var limit = 100

    @Option(parsing: .unconditional, help: "The window (60s, 500ms).")
    var window = DurationArgument(seconds: 60)

    @Flag(
        name: .customLong("trust-forwarded"),
        help: """
            Take the client from X-Forwarded-For. Only behind a proxy that sets it: anyone can send \
            that header, so trusting it blindly lets every client choose its own identity, and its own limit.
            """)
    var trustForwarded = false

    @Option(help: "If Redis is unreachable: open (let requests through) or closed (503).")
    var fail: RateLimitServeLab.FailMode = .open

    @Flag(name: .customLong("no-limit"), help: "Serve without the limiter (and without logging), to measure what the limiter costs.")
    var noLimit = false

    @Option(
        name: .customLong("limiter-timeout"), parsing: .unconditional,
        help: """
            How long a request waits for Redis's decision before --fail decides (up to 1s, so that \
            a stopped server answers every request within a second).
            """)
    var limiterTimeout = DurationArgument(seconds: 0.1)

    public init() {}

    public func validate() throws {
        _ = try address()
        guard RateLimitAlgorithm(rawValue: algorithm) != nil else {
            throw ValidationError("--algorithm \(algorithm): one of \(RateLimitAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try OptionBounds.check("--limit", limit, 1...1_000_000, "requests per window")
        try OptionBounds.check("--window", window, 0.001...86_400)
        try OptionBounds.check("--limiter-timeout", limiterTimeout, 0.001...1)
    }

    /// `HOST:PORT` on loopback: the lab serves this machine only.
    func address() throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (1...65535).contains(port)
        else {
            throw ValidationError("--listen \(listen): HOST:PORT, e.g. 127.0.0.1:8080")
        }
        let host = String(listen[..<colon]).trimmingCharacters(in: "[]")
        guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
            throw ValidationError("--listen \(listen): the lab listens on loopback only (127.0.0.1, ::1, localhost)")
        }
        return (host, port)
    }
}

/// `rwb lab ratelimit serve`: a rate-limited HTTP API until Ctrl-C.
public enum RateLimitServeSpec: LabSpec {
    public static func lab(from options: RateLimitServeOptions, quick: Bool) throws -> RateLimitServeLab {
        let (host, port) = try options.address()
        return RateLimitServeLab(
            host: host, port: port, algorithm: RateLimitAlgorithm(rawValue: options.algorithm) ?? .gcra,
            policy: RatePolicy(limit: options.limit, windowMs: Int64((options.window.seconds * 1000).rounded())),
            trustForwarded: options.trustForwarded, fail: options.fail, limiterOff: options.noLimit,
            limiterTimeoutMs: Int64((options.limiterTimeout.seconds * 1000).rounded()))
    }

    public static func render(_ report: RateLimitServeReport, style: TextStyle) -> String {
        var table = TextTable([
            "requests", "allowed (200)", "denied (429)", "failed open", "failed closed (503)", "limiter timeouts", "clients",
        ])
        table.add(
            [
                report.requests, report.allowed, report.denied, report.failedOpen, report.failedClosed, report.limiterTimeouts,
                report.clients,
            ]
            .map(Format.grouped))
        return table.render(style: style)
    }
}

/// `rwb lab ratelimit load URL` options.
public struct RateLimitLoadOptions: ParsableArguments {
    @Argument(help: "An http:// URL on this machine (the API of ratelimit serve, or anything else).")
    var url: String

    @Option(parsing: .unconditional, help: "Requests per second.")
    var rate = 50.0

    @Option(parsing: .unconditional, help: "How long to send.")
    var duration = DurationArgument(seconds: 10)

    @Option(parsing: .unconditional, help: "Keep-alive connections the requests are spread over.")
    var connections = 4

    public init() {}

    public func validate() throws {
        do {
            _ = try RateLimitLoadLab.target(url)
        } catch {
            throw ValidationError("\(error)")
        }
        try OptionBounds.check("--rate", rate, above: 0, upTo: 100_000, "requests a second")
        try OptionBounds.check("--duration", duration, 0.001...86_400)
        try OptionBounds.check("--connections", connections, 1...1000)
    }
}

/// `rwb lab ratelimit load`: real HTTP requests and what came back.
public enum RateLimitLoadSpec: LabSpec {
    public static func lab(from options: RateLimitLoadOptions, quick: Bool) throws -> RateLimitLoadLab {
        RateLimitLoadLab(
            url: options.url, rate: options.rate, durationMs: Int64((options.duration.seconds * 1000).rounded()),
            connections: options.connections)
    }

    public static func render(_ report: RateLimitLoadReport, style: TextStyle) -> String {
        var table = TextTable(["requests", "2xx", "429", "other", "failed", "not sent", "p50 ms", "p99 ms"])
        table.add([
            Format.grouped(report.requests), Format.grouped(report.ok), Format.grouped(report.limited), Format.grouped(report.other),
            Format.grouped(report.failed), Format.grouped(report.notSent), Format.number(report.latencyMs.p50),
            Format.number(report.latencyMs.p99),
        ])
        var text =
            "\(Format.number(report.rate)) requests a second to \(report.url) for \(DurationArgument(seconds: Double(report.durationMs) / 1000))\n\n"
        text += table.render(style: style)
        for failure in report.failures {
            text += "  \(Format.grouped(failure.failed)) failed, \(Format.grouped(failure.notSent)) not sent: \(failure.reason)\n"
        }
        let bucket =
            report.timeline.bucketMs == 1000 ? "second" : DurationArgument(seconds: Double(report.timeline.bucketMs) / 1000).description
        text += "\n2xx (upper) and 429 (lower) per \(bucket)\n"
        text +=
            "  \(Sparkline.render(report.timeline.allowed, style: style))\n  \(Sparkline.render(report.timeline.denied, style: style))\n"
        return text
    }
}
