import NIOCore
import RESP
import RedisCommands

/// Decides, for each value that arrives, whether it answers the oldest waiting command or is
/// out-of-band (a pub/sub message, a RESP3 push, a MONITOR line). Pure state, no I/O: the
/// channel handler feeds it and carries out the action it returns.
///
/// Replies come back in the order commands were sent, so waiters form a FIFO. The twists:
/// - SUBSCRIBE-like commands are answered by one confirmation per channel, in RESP2 as
///   arrays and in RESP3 as pushes. The first confirmation answers the command; the rest are
///   passed on as out-of-band messages, so they print as they arrive, as redis-cli shows them.
/// - While subscribed on RESP2, arrays starting with `message`, `pmessage`… are messages.
/// - After MONITOR's `+OK`, everything that arrives is a monitor line.
struct ReplyRouter<Waiter> {
    private enum Expectation {
        /// The next `count` replies answer plain commands of `waiter`'s (one entry for a
        /// whole pipeline, not one per command).
        case replies(Waiter, count: Int)
        /// `remaining` confirmations still due; `waiter` nil once the first has answered.
        case subscription(remaining: Int, waiter: Waiter?)
        case monitor(Waiter)
    }

    enum Action {
        case complete(Waiter, RESPValue)
        case outOfBand(RESPValue)
        /// A reply nobody waits for: the stream is out of step and must be closed.
        case unexpected(RESPValue)
    }

    private var waiting = CircularBuffer<Expectation>()
    /// Channels and patterns subscribed to, as the last confirmation said (RESP2 matters).
    private(set) var subscriptionCount = 0
    private(set) var isMonitoring = false

    /// Replies still due.
    var pendingCount: Int {
        waiting.reduce(0) { total, expectation in
            switch expectation {
            case .replies(_, let count): total + count
            case .subscription(let remaining, _): total + remaining
            case .monitor: total + 1
            }
        }
    }

    mutating func enqueue(_ command: RedisCommand, waiter: Waiter) {
        enqueue(CollectionOfOne(command), waiter: waiter)
    }

    /// The commands of one request, in order: runs of plain commands as one entry each.
    mutating func enqueue(_ commands: some Collection<RedisCommand>, waiter: Waiter) {
        var plain = 0
        for command in commands {
            // The special names are 7 to 12 letters long: most commands never need the
            // upper-cased String that `name` builds.
            guard let length = command.arguments.first?.count, (7...12).contains(length) else {
                plain += 1
                continue
            }
            let name = command.name
            let special: Expectation
            if CommandFacts.subscribeCommands.contains(name) {
                // UNSUBSCRIBE with no channels answers once per current subscription (or once
                // when there is none); it is answered by the first, the rest flow out-of-band.
                special = .subscription(remaining: max(command.arguments.count - 1, 1), waiter: waiter)
            } else if name == "MONITOR" {
                special = .monitor(waiter)
            } else {
                plain += 1
                continue
            }
            if plain > 0 { waiting.append(.replies(waiter, count: plain)) }
            plain = 0
            waiting.append(special)
        }
        if plain > 0 { waiting.append(.replies(waiter, count: plain)) }
    }

    /// The waiter of the next replies when they can only be its answers (plain commands
    /// first in line, no subscription, no MONITOR), and how many of them. (A RESP3 push may
    /// still come first: the caller looks at the reply's type byte.)
    var plainHead: (waiter: Waiter, count: Int)? {
        guard !isMonitoring, subscriptionCount == 0, case .replies(let waiter, let count)? = waiting.first else { return nil }
        return (waiter, count)
    }

    /// Counts `replies` (at most the head's count) against the head that `plainHead`
    /// returned, their values taken care of by the caller.
    mutating func dropPlainHead(replies: Int = 1) {
        guard case .replies(let waiter, let count)? = waiting.first else { return }
        if count > replies {
            waiting[waiting.startIndex] = .replies(waiter, count: count - replies)
        } else {
            waiting.removeFirst()
        }
    }

    mutating func receive(_ value: RESPValue) -> Action {
        if isMonitoring { return .outOfBand(value) }
        let pubSub = Self.pubSub(value)
        if let pubSub, pubSub.isConfirmation {
            subscriptionCount = pubSub.count
            if case .subscription(let remaining, let waiter)? = waiting.first {
                if remaining <= 1 {
                    waiting.removeFirst()
                } else {
                    waiting[waiting.startIndex] = .subscription(remaining: remaining - 1, waiter: nil)
                }
                if let waiter { return .complete(waiter, value) }
            }
            return .outOfBand(value)
        }
        if case .push = value { return .outOfBand(value) }
        if pubSub != nil, subscriptionCount > 0 { return .outOfBand(value) }

        guard let head = waiting.first else { return .unexpected(value) }
        switch head {
        case .replies(let waiter, _):
            dropPlainHead()
            return .complete(waiter, value)
        case .monitor(let waiter):
            waiting.removeFirst()
            if !value.isError { isMonitoring = true }
            return .complete(waiter, value)
        case .subscription(_, let waiter):
            waiting.removeFirst()
            // An error reply (wrong arguments, or not allowed in this context).
            if let waiter { return .complete(waiter, value) }
            return .outOfBand(value)
        }
    }

    /// Every waiter, removed: for failing them when the connection ends.
    mutating func removeAll() -> [Waiter] {
        var waiters: [Waiter] = []
        while let expectation = waiting.popFirst() {
            switch expectation {
            case .replies(let waiter, _), .monitor(let waiter), .subscription(_, let waiter?): waiters.append(waiter)
            case .subscription(_, nil): continue
            }
        }
        return waiters
    }

    /// The pub/sub role of an array or push, judged by its first element and length.
    private struct PubSub {
        var isConfirmation: Bool
        /// For confirmations: subscriptions left after it.
        var count: Int
    }

    private static func pubSub(_ value: RESPValue) -> PubSub? {
        let items: [RESPValue]
        switch value {
        case .array(let elements), .push(let elements): items = elements
        default: return nil
        }
        guard let first = items.first?.string else { return nil }
        switch first.lowercased() {
        case "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe":
            guard items.count == 3, case .integer(let count) = items[2] else { return nil }
            return PubSub(isConfirmation: true, count: Int(count))
        case "message", "smessage":
            return items.count == 3 ? PubSub(isConfirmation: false, count: 0) : nil
        case "pmessage":
            return items.count == 4 ? PubSub(isConfirmation: false, count: 0) : nil
        default:
            return nil
        }
    }
}
