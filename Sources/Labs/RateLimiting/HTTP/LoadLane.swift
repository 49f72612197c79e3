import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive connection of `ratelimit load`, sending requests lane, lane + lanes, …, each
/// at its time. When the connection fails (to open, or under a request) it is opened again
/// after a backoff; after `maxConsecutiveFailures` failures in a row it gives up, and the
/// requests it had still to send are counted as not sent, with the reason: every planned
/// request is accounted for, and a dead target ends the run in about a second, not a spin.
struct LoadLane: Sendable {
    let lane: Int
    let lanes: Int
    let total: Int
    let rate: Double
    let host: String
    let port: Int
    let path: String
    let start: Duration
    let bucketMs: Int64
    let buckets: Int
    let context: LabContext

    private typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    func drive() async throws -> LoadTally {
        var tally = LoadTally(allowed: Array(repeating: 0, count: buckets), denied: Array(repeating: 0, count: buckets))
        var next = lane
        var failuresInARow = 0
        var lastReason = ""
        while next < total {
            try Task.checkCancellation()
            let failure: String?
            do {
                let channel = try await connect()
                failure = try await channel.executeThenClose { inbound, outbound in
                    var responses = inbound.makeAsyncIterator()
                    while next < total {
                        try Task.checkCancellation()
                        let index = next
                        next += lanes
                        do {
                            try await send(index, outbound, &responses, &tally)
                            failuresInARow = 0
                        } catch let error where !(error is CancellationError) {
                            let reason = "no answer: \(Self.describe(error))"
                            tally.note(reason, failed: 1)
                            return reason
                        }
                    }
                    return nil
                }
            } catch let error where !(error is CancellationError) {
                failure = "cannot connect: \(Self.describe(error))"
            }
            guard let failure else { break }
            lastReason = failure
            failuresInARow += 1
            if failuresInARow >= RateLimitLoadLab.maxConsecutiveFailures { break }
            try await context.clock.sleep(for: RateLimitLoadLab.firstBackoff * (1 << (failuresInARow - 1)))
        }
        // What this lane gave up on, counted without walking it (a day at 100,000 a second
        // is billions of requests).
        let unsent = next < total ? (total - next + lanes - 1) / lanes : 0
        if unsent > 0 { tally.note("gave up after \(failuresInARow) failures in a row, the last: \(lastReason)", notSent: unsent) }
        tally.notSent += unsent
        return tally
    }

    private func connect() async throws -> Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                return try Channel(wrappingChannelSynchronously: channel)
            }
        }
    }

    /// Request `index`, at its time, and its answer counted.
    private func send(
        _ index: Int, _ outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>,
        _ responses: inout NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator, _ tally: inout LoadTally
    ) async throws {
        let due = start + .microseconds(Int64(Double(index) / rate * 1_000_000))
        let wait = due - context.clock.now
        if wait > .zero { try await context.clock.sleep(for: wait) }
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: "\(host):\(port)")
        let sent = context.clock.now
        tally.requests += 1
        try await outbound.write(.head(head))
        try await outbound.write(.end(nil))
        var status: Int?
        while let part = try await responses.next() {
            if case .head(let response) = part { status = Int(response.status.code) }
            if case .end = part { break }
        }
        guard let status else { throw LabError("the connection closed") }
        tally.latency.record(context.clock.now - sent)
        let bucket = min(buckets - 1, max(0, Int((sent - start).milliseconds / bucketMs)))
        switch status {
        case 200..<300:
            tally.ok += 1
            tally.allowed[bucket] += 1
        case 429:
            tally.limited += 1
            tally.denied[bucket] += 1
        default: tally.other += 1
        }
    }

    /// The error's own words: NIO's connect error lists every address it tried, the first
    /// one's error is the reason.
    static func describe(_ error: any Error) -> String {
        if let connect = error as? NIOConnectionError, let first = connect.connectionErrors.first { return "\(first.error)" }
        if let io = error as? IOError { return io.description }
        return "\(error)"
    }
}

/// What one lane sent and got back.
struct LoadTally: Sendable {
    var requests = 0
    var ok = 0
    var limited = 0
    var other = 0
    var failed = 0
    var notSent = 0
    var latency = LatencyRecorder()
    var allowed: [Int]
    var denied: [Int]
    var failures: [LoadFailure] = []

    mutating func note(_ reason: String, failed: Int = 0, notSent: Int = 0) {
        if failed > 0 { self.failed += failed }
        if let index = failures.firstIndex(where: { $0.reason == reason }) {
            failures[index].failed += failed
            failures[index].notSent += notSent
        } else {
            failures.append(LoadFailure(reason: reason, failed: failed, notSent: notSent))
        }
    }
}

/// Requests that failed or were not sent, for one reason.
public struct LoadFailure: Encodable, Sendable {
    public var reason: String
    /// Sent, no answer.
    public var failed = 0
    /// Never sent.
    public var notSent = 0

    mutating func add(_ other: LoadFailure) {
        failed += other.failed
        notSent += other.notSent
    }
}
