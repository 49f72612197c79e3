/// The exact answer a limiter is held to: a sliding log, in true time, over the requests that
/// limiter itself allowed. At each request it knows how many were allowed in the window that
/// ends there, so it can say when an allow went over the limit, when a denial was needless,
/// and the most allowed in any window of the configured length.
struct ExactLog: Sendable {
    let policy: RatePolicy
    private var allowed: [Int: [Int64]] = [:]
    private var heads: [Int: Int] = [:]
    private(set) var overLimitAllows = 0
    private(set) var needlessDenials = 0
    private(set) var maxAllowedInWindow = 0

    init(policy: RatePolicy) {
        self.policy = policy
    }

    /// Records the limiter's decision for a request of `key` at true time `time` (requests of
    /// one key must come in time order).
    mutating func record(key: Int, time: Int64, allowed wasAllowed: Bool) {
        var log = allowed[key, default: []]
        var head = heads[key, default: 0]
        // The window that ends at `time`: (time − window, time].
        while head < log.count, log[head] <= time - policy.windowMs { head += 1 }
        let inWindow = log.count - head
        if wasAllowed {
            if inWindow >= policy.limit { overLimitAllows += 1 }
            log.append(time)
            maxAllowedInWindow = max(maxAllowedInWindow, inWindow + 1)
        } else if inWindow < policy.limit {
            needlessDenials += 1
        }
        // Drop what no later window can reach, now and then, so a long run stays small.
        if head > 4096 {
            log.removeFirst(head)
            head = 0
        }
        allowed[key] = log
        heads[key] = head
    }
}
