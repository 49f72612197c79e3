import NIOCore
import NIOHTTP1
import NIOPosix

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

    public func run(_ context: LabContext) async throws -> RateLimitLoadReport {
        let (host, port, path) = try Self.target(url)
        let total = Int((rate * Double(durationMs) / 1000).rounded())
        let buckets = Int((durationMs + 999) / 1000)
        var report = RateLimitLoadReport(
            url: url, rate: rate, durationMs: durationMs, requests: 0, ok: 0, limited: 0, other: 0, failed: 0,
            latencyMs: LatencyRecorder().summary,
            timeline: Timeline(bucketMs: 1000, allowed: Array(repeating: 0, count: buckets), denied: Array(repeating: 0, count: buckets)))
        let start = context.clock.now
        let tallies = try await withThrowingTaskGroup(of: LoadTally.self) { group in
            for lane in 0..<connections {
                group.addTask {
                    try await Self.drive(lane: lane, lanes: connections, total: total, rate: rate, host: host, port: port, path: path,
                                         start: start, buckets: buckets, context: context)
                }
            }
            var all: [LoadTally] = []
            for try await tally in group { all.append(tally) }
            return all
        }
        var latency = LatencyRecorder()
        for tally in tallies {
            report.requests += tally.requests
            report.ok += tally.ok
            report.limited += tally.limited
            report.other += tally.other
            report.failed += tally.failed
            latency.merge(tally.latency)
            for index in 0..<buckets {
                report.timeline.allowed[index] += tally.allowed[index]
                report.timeline.denied[index] += tally.denied[index]
            }
        }
        report.latencyMs = latency.summary
        if report.failed > 0 && report.ok + report.limited + report.other == 0 {
            throw LabStopped(partial: report, reason: LabError("nothing answered at \(url)"))
        }
        return report
    }

    struct LoadTally: Sendable {
        var requests = 0
        var ok = 0
        var limited = 0
        var other = 0
        var failed = 0
        var latency = LatencyRecorder()
        var allowed: [Int]
        var denied: [Int]
    }

    /// One keep-alive connection sending requests lane, lane + lanes, …, each at its time.
    private static func drive(
        lane: Int, lanes: Int, total: Int, rate: Double, host: String, port: Int, path: String, start: Duration, buckets: Int,
        context: LabContext
    ) async throws -> LoadTally {
        var tally = LoadTally(allowed: Array(repeating: 0, count: buckets), denied: Array(repeating: 0, count: buckets))
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        } catch {
            tally.failed = stride(from: lane, to: total, by: lanes).underestimatedCount
            tally.requests = tally.failed
            return tally
        }
        try await channel.executeThenClose { inbound, outbound in
            var responses = inbound.makeAsyncIterator()
            for index in stride(from: lane, to: total, by: lanes) {
                try Task.checkCancellation()
                let due = start + .microseconds(Int64(Double(index) / rate * 1_000_000))
                let wait = due - context.clock.now
                if wait > .zero { try await context.clock.sleep(for: wait) }
                var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
                head.headers.add(name: "Host", value: "\(host):\(port)")
                let sent = context.clock.now
                tally.requests += 1
                do {
                    try await outbound.write(.head(head))
                    try await outbound.write(.end(nil))
                    var status: Int?
                    while let part = try await responses.next() {
                        if case .head(let response) = part { status = Int(response.status.code) }
                        if case .end = part { break }
                    }
                    guard let status else { throw LabError("the connection closed") }
                    tally.latency.record(context.clock.now - sent)
                    let bucket = min(buckets - 1, Int((sent - start).seconds))
                    switch status {
                    case 200..<300:
                        tally.ok += 1
                        tally.allowed[bucket] += 1
                    case 429:
                        tally.limited += 1
                        tally.denied[bucket] += 1
                    default: tally.other += 1
                    }
                } catch {
                    tally.failed += 1
                    return
                }
            }
        }
        return tally
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
    /// Requests that got no answer (connection refused or closed).
    public var failed: Int
    public var latencyMs: LatencySummary
    /// 2xx (`allowed`) and 429 (`denied`) per second.
    public var timeline: Timeline

    public var timingDependent: [String] { ["ok", "limited", "other", "failed", "latency_ms", "timeline", "requests"] }
}
