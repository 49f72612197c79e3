import RESP
import RedisClient

/// A pub/sub subscriber on a connection of its own (`context.listen`), counting what it
/// receives in a tally.
struct Subscriber: Sendable {
    let connection: any LabConnection
    let tally: SubscriberTally

    /// Subscribes to `channel`; the confirmation answers SUBSCRIBE, so messages published
    /// after this returns reach the tally.
    static func subscribe(_ channel: String, context: LabContext, tally: SubscriberTally = SubscriberTally()) async throws -> Subscriber {
        let connection = try await context.listen(false) { tally.receive($0) }
        do {
            try await connection.call("SUBSCRIBE", channel)
        } catch {
            await connection.close()
            throw error
        }
        return Subscriber(connection: connection, tally: tally)
    }
}

/// Waits, polling every few milliseconds on the lab's clock, until `done` holds or `limit`
/// has passed; returns whether it held. Deliveries arrive on other threads: the lab waits
/// for the count it expects, bounded, and then reports whatever was counted.
func waitUntil(_ clock: any WorkClock, limit: Duration = .seconds(10), _ done: () async throws -> Bool) async throws -> Bool {
    let deadline = clock.now + limit
    while true {
        if try await done() { return true }
        if clock.now >= deadline { return false }
        try await clock.sleep(for: .milliseconds(5))
    }
}

/// PUBSUB NUMSUB for one channel: the subscribers the server has now (RESP2 `[channel,
/// count]`, RESP3 a map).
func subscriberCount(_ channel: String, on redis: some LabConnection) async throws -> Int {
    let reply = try await redis.call("PUBSUB", "NUMSUB", channel)
    let count: Int64?
    if case .map(let pairs) = reply.withoutAttributes {
        count = pairs.first?.value.int
    } else {
        count = reply.elements.flatMap { $0.count == 2 ? $0[1].int : nil }
    }
    guard let count else { throw LabError("PUBSUB NUMSUB answered \(reply)") }
    return Int(count)
}
