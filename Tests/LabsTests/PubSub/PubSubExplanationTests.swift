import Testing

@testable import Labs
@testable import Workbench

/// The pubsub lab's "What this shows", fed reports with opposite numbers: each claim
/// appears only when the figures support it.
@Suite struct PubSubExplanationTests {
    private func count(received: Int, missing: Int = 0, duplicates: Int = 0) -> DeliveryCount {
        DeliveryCount(received: received, missing: missing, duplicates: duplicates, outOfOrder: 0)
    }

    private func text(_ report: PubSubReport) -> String {
        PubSubExplanation.sentences(report).joined(separator: " ")
    }

    private func fanOut(missing: Int) -> PubSubReport {
        var report = PubSubReport()
        let each = count(received: 100 - missing, missing: missing)
        report.fanOut = FanOutResult(
            subscribers: 2, published: 100, publishReceivers: 200, delivered: 200 - 2 * missing, missing: 2 * missing, duplicates: 0,
            outOfOrder: 0, perSubscriber: [each, each])
        return report
    }

    @Test func fanOutClaimsCompletenessOnlyWhenCounted() {
        let whole = text(fanOut(missing: 0))
        #expect(whole.contains("each of the 2 subscribers received all 100 messages once and in order, the 200 deliveries"))
        let short = text(fanOut(missing: 3))
        #expect(!short.contains("received all"))
        #expect(short.contains("PUBLISH's replies counted 200 deliveries and the subscribers 194: 6 missing, 0 duplicated."))
    }

    private func reconnect(lost: Int, streamMissing: Int) -> PubSubReport {
        var report = PubSubReport()
        report.reconnect = ReconnectResult(
            published: 100, disconnectedAfter: 30, publishedWhileAway: 20, publishReceiversWhileAway: 20 - lost,
            pubsub: count(received: 100 - lost, missing: lost), pubsubLostWhileAway: lost,
            stream: count(received: 100 - streamMissing, missing: streamMissing), streamResumedAfter: 30, streamResumedFromId: "1-0",
            streamCaughtUp: 20)
        return report
    }

    @Test func reconnectLossAndTheStreamsRecoveryBothWays() {
        let unsafe = text(reconnect(lost: 20, streamMissing: 0))
        #expect(
            unsafe.contains(
                "The subscriber that left after message 30 lost 20 of the 20 messages published while it was away (PUBLISH found 0 receivers"
            ))
        #expect(unsafe.contains("resuming with XREAD after message 30's ID, caught up on 20 entries and lost none of 100."))
        let other = text(reconnect(lost: 0, streamMissing: 4))
        #expect(other.contains("lost none of the 20 messages published while it was away."))
        #expect(!other.contains("keeps nothing"))
        #expect(other.contains("The stream reader missed 4 of 100 messages."))
        #expect(!other.contains("caught up"))
    }

    private func slow(cutIn: Int?) -> PubSubReport {
        var report = PubSubReport()
        let bursts = [(8, 8), (16, 16), (32, 0)].enumerated().map { index, pair in
            Burst(
                burst: index + 1, messages: pair.0, bytes: pair.0 * 1024, delivered: cutIn == nil ? pair.0 : pair.1,
                subscribersAfter: cutIn.map { index + 1 < $0 ? 1 : 0 } ?? 1)
        }
        let missing = cutIn == nil ? 0 : 32
        report.slowSubscriber = SlowSubscriberResult(
            limitBytes: 16384, payloadBytes: 1024, bursts: bursts, cutInBurst: cutIn, publishedBeforeCut: cutIn == nil ? 56 : 24,
            published: 56, pubsub: count(received: 56 - missing, missing: missing), publishedAfterCut: missing,
            stream: count(received: 56))
        return report
    }

    @Test func theCutIsNamedOnlyWhenItHappened() {
        let cut = text(slow(cutIn: 3))
        #expect(
            cut.contains(
                "The slow subscriber kept up with bursts up to 16 messages (16 KiB) but was disconnected during burst 3, 32 messages (32 KiB) over client-output-buffer-limit pubsub 16 KiB: it lost 32 of 56 messages, 32 of them published from that burst on."
            ))
        #expect(cut.contains("The stream reader, reading with XREAD from its last ID after each burst, got all 56"))
        let kept = text(slow(cutIn: nil))
        #expect(!kept.contains("disconnected"))
        #expect(
            kept.contains(
                "No burst (the largest 32 messages, 32 KiB) passed client-output-buffer-limit pubsub 16 KiB: the subscriber stayed connected and lost 0."
            ))
    }

    private func feed(missing: Int) -> PubSubReport {
        var report = PubSubReport()
        report.expiryFeed = ExpiryFeedResult(
            notifyKeyspaceEvents: "Ex", keysSet: 50, ttlMinMs: 50, ttlMaxMs: 100, expiredEvents: 50 - missing, missing: missing,
            duplicates: 0, remaining: missing, waitedMs: 180)
        return report
    }

    @Test func theExpiryFeedIsCalledCompleteOnlyWhenItWas() {
        #expect(text(feed(missing: 0)).contains("one expired event for each of the 50 keys set with PX"))
        let partial = text(feed(missing: 5))
        #expect(partial.contains("Keyspace notifications named 45 of the 50 keys set with PX (0 events twice); 5 keys were still there"))
        #expect(!partial.contains("one expired event for each"))
    }
}
