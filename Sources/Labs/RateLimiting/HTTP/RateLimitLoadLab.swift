/// Real HTTP requests at a steady rate against a URL on this machine (the API of
/// `ratelimit serve`, or anything else): what came back, second by second.
public struct RateLimitLoadLab: Lab {
    public static let name = "ratelimit load"
    public static let summary = "HTTP GETs at a steady rate against a local URL: 200s and 429s per second"
    public static let needs = LabNeeds(server: .none, writesKeys: false)

    public var url: String
    /// Requests per second, over all connections.
    public var rate: Double
    public var durationMs: Int64
    public var connections: Int

    public init(url: String, rate: Double, durationMs: Int64, connections: Int) {
        self.url = url
        self.rate = rate
        self.durationMs = durationMs
        self.connections = connections
    }

    /// `http://HOST[:PORT]/PATH` with a loopback host: the workbench sends traffic nowhere else.
    public static func target(_ url: String) throws -> (host: String, port: Int, path: String) {
        guard url.hasPrefix("http://") else { throw LabError("\(url): only http:// URLs") }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        var host = String(authority)
        var port = 80
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw LabError("\(url): the port is not a number from 1 to 65535")
            }
            port = number
        }
        host = host.trimmingCharacters(in: "[]")
        guard ["127.0.0.1", "localhost", "::1"].contains(host) else {
            throw LabError("\(url): the workbench only sends load to this machine (127.0.0.1, ::1, localhost)")
        }
        return (host, port, path.isEmpty ? "/" : String(path))
    }

    /// A connection that fails this many times in a row (to connect, or mid-request) gives
    /// up: its requests still to come are counted as not sent.
    static let maxConsecutiveFailures = 5
    static let maxBuckets: Int64 = 600
    /// The wait before reconnecting after the first failure, doubled after each further one.
    static let firstBackoff: Duration = .milliseconds(50)

    public func run(_ context: LabContext) async throws -> RateLimitLoadReport {
        let (host, port, path) = try Self.target(url)
        let total = Int((rate * Double(durationMs) / 1000).rounded())
        // A second a bucket up to 10 minutes, then whole seconds for at most 600 buckets: a
        // day's timeline at one a second is 86,400 numbers per row, which the report encoder
        // (copying its array on each append) takes minutes over.
        let bucketMs = max(1000, (durationMs / Self.maxBuckets + 999) / 1000 * 1000)
        let buckets = Int((durationMs + bucketMs - 1) / bucketMs)
        var report = RateLimitLoadReport(
            url: url, rate: rate, durationMs: durationMs, requests: 0, ok: 0, limited: 0, other: 0, failed: 0,
            latencyMs: LatencyRecorder().summary,
            timeline: Timeline(
                bucketMs: bucketMs, allowed: Array(repeating: 0, count: buckets), denied: Array(repeating: 0, count: buckets)),
            planned: total)
        let start = context.clock.now
        let lanes = min(connections, max(total, 1))
        let tallies = try await withThrowingTaskGroup(of: LoadTally.self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    try await LoadLane(
                        lane: lane, lanes: lanes, total: total, rate: rate, host: host, port: port, path: path, start: start,
                        bucketMs: bucketMs, buckets: buckets, context: context
                    ).drive()
                }
            }
            var all: [LoadTally] = []
            for try await tally in group { all.append(tally) }
            return all
        }
        var latency = LatencyRecorder()
        var reasons: [String: LoadFailure] = [:]
        for tally in tallies {
            report.requests += tally.requests
            report.ok += tally.ok
            report.limited += tally.limited
            report.other += tally.other
            report.failed += tally.failed
            report.notSent += tally.notSent
            latency.merge(tally.latency)
            for index in 0..<buckets {
                report.timeline.allowed[index] += tally.allowed[index]
                report.timeline.denied[index] += tally.denied[index]
            }
            for failure in tally.failures {
                reasons[failure.reason, default: LoadFailure(reason: failure.reason)].add(failure)
            }
        }
        report.latencyMs = latency.summary
        report.failures = reasons.values.sorted { ($0.failed + $0.notSent, $1.reason) > ($1.failed + $1.notSent, $0.reason) }
        if report.failed + report.notSent > 0 {
            let worst = report.failures.first?.reason ?? "unknown"
            let what = report.ok + report.limited + report.other == 0 ? "nothing answered at \(url)" : "\(url) stopped answering"
            throw LabStopped(
                partial: report,
                reason: LabError(
                    "\(what): \(report.failed) of \(report.planned) requests got no answer and \(report.notSent) were not sent (\(worst))"))
        }
        return report
    }
}

/// What came back from the URL.
public struct RateLimitLoadReport: LabReport {
    public var url: String
    public var rate: Double
    public var durationMs: Int64
    public var requests: Int
    /// 2xx answers.
    public var ok: Int
    /// 429 answers.
    public var limited: Int
    /// Any other status.
    public var other: Int
    /// Requests sent that got no answer (the connection closed or failed under them).
    public var failed: Int
    public var latencyMs: LatencySummary
    /// 2xx (`allowed`) and 429 (`denied`) per `bucket_ms` (a second up to a 10-minute run).
    public var timeline: Timeline
    /// Requests the rate and duration call for: `requests` (sent) plus `not_sent`.
    public var planned: Int = 0
    /// Requests never sent: their connection could not be opened again after repeated
    /// failures, and gave up.
    public var notSent: Int = 0
    /// Why requests failed or were not sent, most first.
    public var failures: [LoadFailure] = []

    public var timingDependent: [String] {
        ["ok", "limited", "other", "failed", "latency_ms", "timeline", "requests", "not_sent", "failures"]
    }
}
