import ArgumentParser
import Labs

/// `rwb lab pubsub` options.
public struct PubSubOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Subscribers in the fan-out, each on a connection of its own.")
    var subscribers = 4

    @Option(parsing: .unconditional, help: "Messages published in the fan-out and the reconnect (default 1000, --quick 200).")
    var messages: Int?

    @Option(
        parsing: .unconditional,
        help: "Messages published while the reconnecting subscriber and stream reader are away (default a fifth of --messages).")
    var offline: Int?

    @Option(parsing: .unconditional, help: "Payload bytes of each message of the slow subscriber's bursts.")
    var payload = 1024

    /// Redis counts a subscriber's output in 16 KB blocks (20 KB as allocated) beyond a first
    /// buffer of 1 to 16 KB (it shrinks when idle), so a burst of B bytes counts between
    /// B - 16 KB and B + 20 KB. At 192 KB the default bursts of 128 messages (about 138 KB)
    /// always fit and of 256 (about 276 KB) never do: the cut falls on the same burst every
    /// run. A limit within 20 KB of a burst's size may move it by one.
    @Option(
        name: .customLong("buffer-limit"), parsing: .unconditional,
        help: "client-output-buffer-limit pubsub's hard limit, KB (no soft limit), for the slow subscriber.")
    var bufferLimit = 192

    @Option(name: .customLong("first-burst"), parsing: .unconditional, help: "Messages in the first burst; each next burst doubles.")
    var firstBurst = 16

    @Option(parsing: .unconditional, help: "Bursts (MULTI … EXEC of PUBLISHes) fed to the slow subscriber.")
    var bursts = 6

    @Option(parsing: .unconditional, help: "Keys set with a short PX for the expiry feed (default 200, --quick 50).")
    var keys: Int?

    @Option(parsing: .unconditional, help: "The expiry feed's longest PX; each key's is chosen by the seed from half this to this.")
    var ttl = DurationArgument(seconds: 0.2)

    public init() {}

    /// The most a run may publish in bursts: a burst is held whole in the server's memory.
    static let burstBytesLimit = 256 << 20

    public func validate() throws {
        try OptionBounds.check("--subscribers", subscribers, 1...64)
        try OptionBounds.check("--messages", messages, 2...100_000)
        try OptionBounds.check("--offline", offline, 1...99_999)
        try OptionBounds.check("--payload", payload, 16...65_536, "bytes")
        try OptionBounds.check("--buffer-limit", bufferLimit, 16...65_536, "KB")
        try OptionBounds.check("--first-burst", firstBurst, 1...10_000)
        try OptionBounds.check("--bursts", bursts, 1...16)
        try OptionBounds.check("--keys", keys, 1...10_000)
        try OptionBounds.check("--ttl", ttl, 0.002...60)
        let burstBytes = (firstBurst << bursts) * payload
        if burstBytes > Self.burstBytesLimit {
            throw ValidationError(
                "--first-burst \(firstBurst) --bursts \(bursts) --payload \(payload): the bursts would publish \(burstBytes >> 20) MB, at most \(Self.burstBytesLimit >> 20) MB"
            )
        }
    }
}

/// `rwb lab pubsub`: options to configuration, report to text.
public enum PubSubSpec: LabSpec {
    public static func lab(from options: PubSubOptions, quick: Bool) throws -> PubSubLab {
        let messages = options.messages ?? (quick ? 200 : 1000)
        let offline = options.offline ?? max(1, messages / 5)
        guard offline < messages else {
            throw ValidationError("--offline \(offline): fewer than --messages \(messages), so that some arrive before and after")
        }
        let ttlMaxMs = max(2, Int((options.ttl.seconds * 1000).rounded()))
        return PubSubLab(
            subscribers: options.subscribers, messages: messages, offline: offline, payloadBytes: options.payload,
            bufferLimitBytes: options.bufferLimit * 1024, firstBurst: options.firstBurst, bursts: options.bursts,
            expiringKeys: options.keys ?? (quick ? 50 : 200), ttlMinMs: ttlMaxMs / 2, ttlMaxMs: ttlMaxMs)
    }

    public static func render(_ report: PubSubReport, style: TextStyle) -> String {
        var text = ""
        if let fanOut = report.fanOut {
            text += "Fan-out: \(Format.grouped(fanOut.published)) messages to \(Format.count(fanOut.subscribers, "subscriber")).\n"
            var table = TextTable(["subscriber", "received", "missing", "duplicates", "out of order"])
            for (index, count) in fanOut.perSubscriber.enumerated() {
                table.add([
                    String(index + 1), Format.grouped(count.received), Format.grouped(count.missing), Format.grouped(count.duplicates),
                    Format.grouped(count.outOfOrder),
                ])
            }
            text += table.render(style: style)
            text +=
                "PUBLISH counted \(Format.grouped(fanOut.publishReceivers)) deliveries; the subscribers counted \(Format.grouped(fanOut.delivered)).\n\n"
        }
        if let reconnect = report.reconnect {
            text +=
                "Reconnect: \(Format.grouped(reconnect.published)) messages; away after message \(Format.grouped(reconnect.disconnectedAfter)) "
                + "while \(Format.grouped(reconnect.publishedWhileAway)) were published (PUBLISH found \(Format.grouped(reconnect.publishReceiversWhileAway)) receivers).\n"
            var table = TextTable(["reader", "received", "missing", "duplicates"])
            table.add([
                "pub/sub", Format.grouped(reconnect.pubsub.received), Format.grouped(reconnect.pubsub.missing),
                Format.grouped(reconnect.pubsub.duplicates),
            ])
            table.add([
                "stream (XREAD from last ID)", Format.grouped(reconnect.stream.received), Format.grouped(reconnect.stream.missing),
                Format.grouped(reconnect.stream.duplicates),
            ])
            text += table.render(style: style)
            text +=
                "The stream reader resumed after message \(Format.grouped(reconnect.streamResumedAfter)) (entry \(reconnect.streamResumedFromId)) and caught up on \(Format.grouped(reconnect.streamCaughtUp)).\n\n"
        }
        if let slow = report.slowSubscriber {
            text +=
                "Slow subscriber: client-output-buffer-limit pubsub \(Format.bytes(Int64(slow.limitBytes))) 0 0; bursts of \(Format.grouped(slow.payloadBytes))-byte messages, each one MULTI … EXEC.\n"
            var table = TextTable(["burst", "messages", "payload", "delivered", "subscribers after"])
            for burst in slow.bursts {
                table.add([
                    String(burst.burst), Format.grouped(burst.messages), Format.bytes(Int64(burst.bytes)), Format.grouped(burst.delivered),
                    Format.grouped(burst.subscribersAfter),
                ])
            }
            text += table.render(style: style)
            text +=
                "pub/sub received \(Format.grouped(slow.pubsub.received)) of \(Format.grouped(slow.published)); the stream reader \(Format.grouped(slow.stream.received)).\n\n"
        }
        if let feed = report.expiryFeed {
            text +=
                "Expiry feed: notify-keyspace-events \(feed.notifyKeyspaceEvents); \(Format.grouped(feed.keysSet)) keys with PX \(feed.ttlMinMs)–\(feed.ttlMaxMs) ms; "
                + "\(Format.grouped(feed.expiredEvents)) expired events, \(Format.grouped(feed.missing)) keys without one, \(Format.grouped(feed.remaining)) keys left; all in \(Format.grouped(feed.waitedMs)) ms.\n"
        }
        text += Format.whatThisShows(PubSubExplanation.sentences(report), style: style)
        return text
    }
}
