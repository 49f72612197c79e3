import RESP
import RedisClient

/// Keyspace notifications as an expiry feed: `notify-keyspace-events Ex`, a subscriber on
/// the `expired` events of every database, keys set with short PX expiries, and a count of
/// the events naming them. Redis expires a key when it is touched (lazily) or when its
/// active cycle samples it, and sends the event then, not at the key's deadline: the lab
/// waits, bounded, until every key is gone and its event has arrived.
struct ExpiryFeedRun {
    let keys: Int
    let ttlMinMs: Int
    let ttlMaxMs: Int
    let context: LabContext
    static let events = "Ex"

    func run() async throws -> ExpiryFeedResult {
        let config = try context.configGuard()
        try await config.set("notify-keyspace-events", Self.events)
        let tally = SubscriberTally()
        let names = (1...keys).map { context.keys.key("expiring", String($0)) }
        // The key's name ends in its number: that is the tally's sequence number.
        let prefix = context.keys.key("expiring", "")
        let listener = try await context.listen(false) { value in
            guard let key = SubscriberTally.messagePayload(value), key.hasPrefix(prefix), let number = Int(key.dropFirst(prefix.count))
            else { return }
            tally.record(number)
        }
        defer { Task { await listener.close() } }
        try await listener.call("PSUBSCRIBE", "__keyevent@*__:expired")
        var generator = context.generator(stream: 0xE7)
        let span = UInt64(ttlMaxMs - ttlMinMs + 1)
        let commands = names.map { name in
            RedisCommand(["SET", name, "1", "PX", String(ttlMinMs + Int(generator.next(below: span)))])
        }
        for reply in try await context.redis.pipeline(commands) {
            if let error = reply.errorMessage { throw LabError("SET … PX failed: \(error)") }
        }
        let start = context.clock.now
        let allGone = try await waitUntil(context.clock, limit: .milliseconds(ttlMaxMs) + .seconds(10)) {
            tally.count(published: keys).missing == 0
        }
        let waited = context.clock.now - start
        // EXISTS expires what is past its deadline as it looks (the lazy path): a key the
        // active cycle has not reached sends its event now, and is not counted as there.
        let remaining = Int(try await context.redis.call(RedisCommand(["EXISTS"] + names)).int ?? 0)
        if !allGone { _ = try await waitUntil(context.clock, limit: .seconds(1)) { tally.count(published: keys).missing == 0 } }
        let count = tally.count(published: keys)
        try await config.restore()
        return ExpiryFeedResult(
            notifyKeyspaceEvents: Self.events, keysSet: keys, ttlMinMs: ttlMinMs, ttlMaxMs: ttlMaxMs, expiredEvents: count.received,
            missing: count.missing, duplicates: count.duplicates, remaining: remaining,
            waitedMs: Int(waited.components.seconds) * 1000 + Int(waited.components.attoseconds / 1_000_000_000_000_000))
    }
}
