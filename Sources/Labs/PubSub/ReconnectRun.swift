import RESP
import RedisClient

/// A subscriber and a stream reader that both disconnect after message `disconnectAfter`
/// and come back after `offline` more: pub/sub had nobody to deliver those to, the stream
/// kept them for XREAD from the reader's last ID.
struct ReconnectRun {
    let messages: Int
    let disconnectAfter: Int
    let offline: Int
    let context: LabContext

    func run() async throws -> ReconnectResult {
        let channel = context.keys.key("reconnect")
        let reader = StreamReader(stream: context.keys.key("reconnect", "stream"))
        let tally = SubscriberTally()

        var subscriber = try await Subscriber.subscribe(channel, context: context, tally: tally)
        var readerConnection = try await context.connect()
        var result: ReconnectResult
        do {
            _ = try await publish(1...disconnectAfter, channel: channel, stream: reader.stream, on: context.redis)
            _ = try await waitUntil(context.clock) { tally.last >= disconnectAfter }
            try await reader.catchUp(on: readerConnection)
            // Both go away, as a restarted process does. The subscriber unsubscribes first:
            // the server drops a closed connection's subscriptions only when it reads the
            // close, which a loaded machine delayed past 10 s; UNSUBSCRIBE's confirmation
            // says the subscription is gone, so every publish below finds nobody.
            try await subscriber.connection.call("UNSUBSCRIBE", channel)
            await subscriber.connection.close()
            await readerConnection.close()
            guard try await waitUntil(context.clock, { try await subscriberCount(channel, on: context.redis) == 0 }) else {
                throw LabError(
                    "the server still counted the subscriber 10 s after it closed its connection: the publishes meant for nobody would reach it"
                )
            }
            let away = (disconnectAfter + 1)...(disconnectAfter + offline)
            let receiversWhileAway = try await publish(away, channel: channel, stream: reader.stream, on: context.redis)
            subscriber = try await Subscriber.subscribe(channel, context: context, tally: tally)
            readerConnection = try await context.connect()
            let resumed = reader.position
            let caughtUp = try await reader.catchUp(on: readerConnection)
            if away.upperBound < messages {
                _ = try await publish((away.upperBound + 1)...messages, channel: channel, stream: reader.stream, on: context.redis)
            }
            _ = try await waitUntil(context.clock) { tally.last >= messages }
            try await reader.catchUp(on: readerConnection)
            result = ReconnectResult(
                published: messages, disconnectedAfter: disconnectAfter, publishedWhileAway: offline,
                publishReceiversWhileAway: receiversWhileAway, pubsub: tally.count(published: messages),
                pubsubLostWhileAway: tally.missing(in: away), stream: reader.tally.count(published: messages),
                streamResumedAfter: resumed.sequence, streamResumedFromId: resumed.id, streamCaughtUp: caughtUp)
        } catch {
            await subscriber.connection.close()
            await readerConnection.close()
            throw error
        }
        await subscriber.connection.close()
        await readerConnection.close()
        return result
    }
}
