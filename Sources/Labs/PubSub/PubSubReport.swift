/// What the pubsub lab counted, part by part: fan-out, a reconnecting subscriber beside a
/// stream reader, a subscriber cut by `client-output-buffer-limit pubsub` beside a stream
/// reader, and keyspace notifications as an expiry feed.
public struct PubSubReport: LabReport {
    public var fanOut: FanOutResult?
    public var reconnect: ReconnectResult?
    public var slowSubscriber: SlowSubscriberResult?
    public var expiryFeed: ExpiryFeedResult?

    /// How long the expiry feed took to drain is the server's active-expiry cycle's doing;
    /// a stream entry's ID is the server's clock.
    public var timingDependent: [String] { ["expiry_feed.waited_ms", "reconnect.stream_resumed_from_id"] }
}

/// How many of the ledger's messages one receiver got.
public struct DeliveryCount: Encodable, Sendable, Equatable {
    /// Messages received, duplicates included.
    public var received: Int
    /// Sequence numbers published and never received.
    public var missing: Int
    public var duplicates: Int
    /// Messages that arrived after a higher sequence number.
    public var outOfOrder: Int
}

public struct FanOutResult: Encodable, Sendable {
    public var subscribers: Int
    public var published: Int
    /// The sum of PUBLISH's replies: the deliveries the server says it made.
    public var publishReceivers: Int
    /// What the subscribers counted, summed.
    public var delivered: Int
    public var missing: Int
    public var duplicates: Int
    public var outOfOrder: Int
    public var perSubscriber: [DeliveryCount]
}

public struct ReconnectResult: Encodable, Sendable {
    public var published: Int
    /// The sequence number of the last message before the subscriber and the stream reader
    /// disconnected.
    public var disconnectedAfter: Int
    /// Messages published while both were away.
    public var publishedWhileAway: Int
    /// The sum of PUBLISH's replies while they were away: the receivers pub/sub found.
    public var publishReceiversWhileAway: Int
    public var pubsub: DeliveryCount
    /// Of the messages published while away, how many the pub/sub subscriber never got.
    public var pubsubLostWhileAway: Int
    public var stream: DeliveryCount
    /// The message (sequence number) after which the stream reader's XREAD resumed, and the
    /// entry ID it resumed from.
    public var streamResumedAfter: Int
    public var streamResumedFromId: String
    /// Entries the first XREAD after reconnecting caught up on.
    public var streamCaughtUp: Int
}

public struct SlowSubscriberResult: Encodable, Sendable {
    /// `client-output-buffer-limit pubsub` as set: the hard limit, bytes (no soft limit).
    public var limitBytes: Int
    public var payloadBytes: Int
    public var bursts: [Burst]
    /// The burst during which the server disconnected the subscriber (1-based), nil if it
    /// never did.
    public var cutInBurst: Int?
    /// Messages published before that burst.
    public var publishedBeforeCut: Int
    public var published: Int
    public var pubsub: DeliveryCount
    /// Messages published from the cutting burst on: the subscriber was no longer there.
    public var publishedAfterCut: Int
    public var stream: DeliveryCount
}

/// One MULTI … EXEC of PUBLISHes (and the same messages' XADDs): Redis writes to no client
/// until EXEC ends, so a subscriber falls behind by the whole burst, exactly.
public struct Burst: Encodable, Sendable {
    public var burst: Int
    public var messages: Int
    /// Payload bytes in the burst.
    public var bytes: Int
    /// What the subscriber counted of this burst.
    public var delivered: Int
    /// PUBSUB NUMSUB for the channel after the burst: 0 once the subscriber was cut.
    public var subscribersAfter: Int
}

public struct ExpiryFeedResult: Encodable, Sendable {
    /// `notify-keyspace-events` as set.
    public var notifyKeyspaceEvents: String
    public var keysSet: Int
    /// Expiry times, ms (PX), the shortest and the longest.
    public var ttlMinMs: Int
    public var ttlMaxMs: Int
    /// `expired` events received for the lab's keys, duplicates included.
    public var expiredEvents: Int
    /// Keys set that no event named.
    public var missing: Int
    public var duplicates: Int
    /// Keys still there (EXISTS) when the wait ended.
    public var remaining: Int
    public var waitedMs: Int
}
