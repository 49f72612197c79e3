import RedisClient

/// Pub/sub's delivery counted against the publisher's ledger: fan-out to N subscribers, a
/// subscriber that disconnects and comes back (what it missed, beside a stream reader that
/// resumes from its last ID), a subscriber cut by `client-output-buffer-limit pubsub`
/// (beside a stream reader again), and keyspace notifications as an expiry feed.
///
/// The whole lab declares `changesConfig`: two of its four parts cannot be shown without
/// setting the server (the output-buffer limit, notify-keyspace-events), and a report whose
/// parts depend on where it ran would not read the same twice.
public struct PubSubLab: Lab {
    public static let name = "pubsub"
    public static let summary =
        "pub/sub fan-out, a reconnecting subscriber and a slow one (client-output-buffer-limit) against a stream read from its last ID, keyspace notifications as an expiry feed"
    public static let needs = LabNeeds(changesConfig: true)

    public var subscribers: Int
    public var messages: Int
    /// Messages published while the reconnecting subscriber is away.
    public var offline: Int
    public var payloadBytes: Int
    public var bufferLimitBytes: Int
    public var firstBurst: Int
    public var bursts: Int
    public var expiringKeys: Int
    public var ttlMinMs: Int
    public var ttlMaxMs: Int

    public init(
        subscribers: Int, messages: Int, offline: Int, payloadBytes: Int, bufferLimitBytes: Int, firstBurst: Int, bursts: Int,
        expiringKeys: Int, ttlMinMs: Int, ttlMaxMs: Int
    ) {
        self.subscribers = subscribers
        self.messages = messages
        self.offline = offline
        self.payloadBytes = payloadBytes
        self.bufferLimitBytes = bufferLimitBytes
        self.firstBurst = firstBurst
        self.bursts = bursts
        self.expiringKeys = expiringKeys
        self.ttlMinMs = ttlMinMs
        self.ttlMaxMs = ttlMaxMs
    }

    /// The message after which the reconnecting subscriber leaves: chosen by the seed in the
    /// first half of what is left once the offline messages are set aside.
    func disconnectAfter(_ context: LabContext) -> Int {
        let room = messages - offline
        var generator = context.generator(stream: 0xD1)
        return 1 + generator.index(below: max(1, room / 2))
    }

    public func run(_ context: LabContext) async throws -> PubSubReport {
        var report = PubSubReport()
        do {
            context.progress.update(phase: "fan-out", done: 0, total: 4)
            report.fanOut = try await FanOutRun(subscribers: subscribers, messages: messages, context: context).run()
            context.progress.update(phase: "reconnect", done: 1, total: 4)
            report.reconnect = try await ReconnectRun(
                messages: messages, disconnectAfter: disconnectAfter(context), offline: offline, context: context
            ).run()
            context.progress.update(phase: "slow subscriber", done: 2, total: 4)
            report.slowSubscriber = try await SlowSubscriberRun(
                limitBytes: bufferLimitBytes, payloadBytes: payloadBytes, firstBurst: firstBurst, bursts: bursts, context: context
            ).run()
            context.progress.update(phase: "expiry feed", done: 3, total: 4)
            report.expiryFeed = try await ExpiryFeedRun(keys: expiringKeys, ttlMinMs: ttlMinMs, ttlMaxMs: ttlMaxMs, context: context).run()
        } catch {
            throw LabStopped(partial: report, reason: error)
        }
        return report
    }
}
