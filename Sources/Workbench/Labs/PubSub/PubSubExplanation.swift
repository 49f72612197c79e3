import Labs

/// "What this shows" for the pubsub lab, from its numbers.
enum PubSubExplanation {
    static func sentences(_ report: PubSubReport) -> [String] {
        var sentences: [String] = []
        if let fanOut = report.fanOut { sentences.append(fanOutSentence(fanOut)) }
        if let reconnect = report.reconnect { sentences += reconnectSentences(reconnect) }
        if let slow = report.slowSubscriber { sentences += slowSentences(slow) }
        if let feed = report.expiryFeed { sentences.append(expirySentence(feed)) }
        return sentences
    }

    static func fanOutSentence(_ fanOut: FanOutResult) -> String {
        let counted = Format.grouped(fanOut.publishReceivers)
        if fanOut.missing == 0, fanOut.duplicates == 0, fanOut.delivered == fanOut.publishReceivers {
            return
                "Fan-out: each of the \(Format.count(fanOut.subscribers, "subscriber")) received all \(Format.grouped(fanOut.published)) messages once and in order, the \(counted) deliveries PUBLISH's replies counted."
        }
        return
            "Fan-out: PUBLISH's replies counted \(counted) deliveries and the subscribers \(Format.grouped(fanOut.delivered)): \(Format.grouped(fanOut.missing)) missing, \(Format.grouped(fanOut.duplicates)) duplicated."
    }

    static func reconnectSentences(_ reconnect: ReconnectResult) -> [String] {
        var sentences: [String] = []
        let away = Format.count(reconnect.publishedWhileAway, "message")
        if reconnect.pubsubLostWhileAway > 0 {
            sentences.append(
                "The subscriber that left after message \(Format.grouped(reconnect.disconnectedAfter)) lost \(Format.grouped(reconnect.pubsubLostWhileAway)) of the \(away) published while it was away (PUBLISH found \(Format.grouped(reconnect.publishReceiversWhileAway)) receivers for them): pub/sub keeps nothing for an absent subscriber."
            )
        } else {
            sentences.append("The subscriber that left and came back lost none of the \(away) published while it was away.")
        }
        if reconnect.stream.missing == 0 {
            sentences.append(
                "The stream reader, resuming with XREAD after message \(Format.grouped(reconnect.streamResumedAfter))'s ID, caught up on \(Format.grouped(reconnect.streamCaughtUp)) entries and lost none of \(Format.grouped(reconnect.published))."
            )
        } else {
            sentences.append(
                "The stream reader missed \(Format.grouped(reconnect.stream.missing)) of \(Format.grouped(reconnect.published)) messages.")
        }
        return sentences
    }

    static func slowSentences(_ slow: SlowSubscriberResult) -> [String] {
        let limit = Format.bytes(Int64(slow.limitBytes))
        var sentences: [String] = []
        if let cut = slow.cutInBurst, let burst = slow.bursts.first(where: { $0.burst == cut }) {
            let kept = slow.bursts.filter { $0.burst < cut }.last
            let keptText =
                kept.map { "kept up with bursts up to \(Format.count($0.messages, "message")) (\(Format.bytes(Int64($0.bytes)))) but " }
                ?? ""
            sentences.append(
                "The slow subscriber \(keptText)was disconnected during burst \(cut), \(Format.count(burst.messages, "message")) (\(Format.bytes(Int64(burst.bytes)))) over client-output-buffer-limit pubsub \(limit): it lost \(Format.grouped(slow.pubsub.missing)) of \(Format.grouped(slow.published)) messages, \(Format.grouped(slow.publishedAfterCut)) of them published from that burst on."
            )
        } else {
            let largest = slow.bursts.last.map { "\(Format.count($0.messages, "message")), \(Format.bytes(Int64($0.bytes)))" } ?? "none"
            sentences.append(
                "No burst (the largest \(largest)) passed client-output-buffer-limit pubsub \(limit): the subscriber stayed connected and lost \(Format.grouped(slow.pubsub.missing))."
            )
        }
        sentences.append(
            slow.stream.missing == 0
                ? "The stream reader, reading with XREAD from its last ID after each burst, got all \(Format.grouped(slow.published)): a stream's entries wait in the key, not in a client's output buffer."
                : "The stream reader missed \(Format.grouped(slow.stream.missing)) of \(Format.grouped(slow.published)) messages.")
        return sentences
    }

    static func expirySentence(_ feed: ExpiryFeedResult) -> String {
        if feed.missing == 0, feed.duplicates == 0 {
            return
                "Keyspace notifications gave one expired event for each of the \(Format.count(feed.keysSet, "key")) set with PX, sent when Redis expired each (actively or on access), not at its deadline."
        }
        return
            "Keyspace notifications named \(Format.grouped(feed.keysSet - feed.missing)) of the \(Format.count(feed.keysSet, "key")) set with PX (\(Format.grouped(feed.duplicates)) events twice); \(Format.grouped(feed.remaining)) keys were still there: the feed is only as prompt as expiry, and a subscriber that is away misses events."
    }
}
