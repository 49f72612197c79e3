import RESP
import RedisClient

/// N subscribers on one channel, M messages: PUBLISH's replies (the receivers it found)
/// against what each subscriber counted.
struct FanOutRun {
    let subscribers: Int
    let messages: Int
    let context: LabContext

    func run() async throws -> FanOutResult {
        let channel = context.keys.key("fanout")
        var opened: [Subscriber] = []
        defer { for subscriber in opened { Task { await subscriber.connection.close() } } }
        for _ in 0..<subscribers { opened.append(try await Subscriber.subscribe(channel, context: context)) }
        let receivers = try await publish(1...messages, channel: channel, on: context.redis)
        let all = opened
        _ = try await waitUntil(context.clock) { all.allSatisfy { $0.tally.last >= messages } }
        let counts = opened.map { $0.tally.count(published: messages) }
        return FanOutResult(
            subscribers: subscribers, published: messages, publishReceivers: receivers, delivered: counts.map(\.received).reduce(0, +),
            missing: counts.map(\.missing).reduce(0, +), duplicates: counts.map(\.duplicates).reduce(0, +),
            outOfOrder: counts.map(\.outOfOrder).reduce(0, +), perSubscriber: counts)
    }
}
