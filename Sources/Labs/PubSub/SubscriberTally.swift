import RESP
import Synchronization

/// What one subscriber received, counted against the publisher's ledger: every message's
/// payload starts with its sequence number (`17:` then padding), so gaps and duplicates
/// are counted, never inferred. Fed on an I/O thread, read by the lab's task.
final class SubscriberTally: Sendable {
    private struct State {
        var received = 0
        var duplicates = 0
        var outOfOrder = 0
        var last = 0
        var seen: Set<Int> = []
    }

    private let state = Mutex(State())

    /// The payload of message `sequence`, padded with dots to `bytes` (at least the number
    /// and its colon).
    static func payload(_ sequence: Int, bytes: Int = 0) -> String {
        let head = "\(sequence):"
        return head + String(repeating: ".", count: max(0, bytes - head.utf8.count))
    }

    /// The sequence number a payload starts with, nil for anything else.
    static func sequence(inPayload text: String) -> Int? {
        text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.flatMap { Int($0) }
    }

    /// A pub/sub message as RESP2 (`message channel payload`, `pmessage pattern channel
    /// payload`) or RESP3 (the same as a push): its payload; nil for confirmations.
    static func messagePayload(_ value: RESPValue) -> String? {
        guard let parts = value.elements, let kind = parts.first?.string?.lowercased(), kind == "message" || kind == "pmessage" else {
            return nil
        }
        return parts.last?.string
    }

    /// Counts one out-of-band value, if it is a message of the ledger's.
    func receive(_ value: RESPValue) {
        guard let payload = Self.messagePayload(value), let sequence = Self.sequence(inPayload: payload) else { return }
        record(sequence)
    }

    func record(_ sequence: Int) {
        state.withLock { state in
            state.received += 1
            if !state.seen.insert(sequence).inserted { state.duplicates += 1 }
            if sequence < state.last { state.outOfOrder += 1 }
            state.last = max(state.last, sequence)
        }
    }

    /// The highest sequence number seen: a subscriber that saw the last message has seen
    /// all that will come (one connection delivers in order).
    var last: Int { state.withLock { $0.last } }

    /// The count against sequence numbers 1…published.
    func count(published: Int) -> DeliveryCount {
        state.withLock { state in
            let distinct = state.seen.count { (1...max(1, published)).contains($0) }
            return DeliveryCount(
                received: state.received, missing: published - distinct, duplicates: state.duplicates, outOfOrder: state.outOfOrder)
        }
    }

    /// Sequence numbers in `range` never received.
    func missing(in range: ClosedRange<Int>) -> Int {
        state.withLock { state in range.count { !state.seen.contains($0) } }
    }
}
