import RESP
import RedisCommands

/// When and how often a lost request is tried again.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries after the first, per request.
    public var maxRetries: Int
    public var step: Duration
    public var cap: Duration

    /// min(attempt × 50 ms, 2 s), at most 3 retries.
    public static let standard = RetryPolicy(maxRetries: 3, step: .milliseconds(50), cap: .seconds(2))
    public static let never = RetryPolicy(maxRetries: 0, step: .zero, cap: .zero)

    public init(maxRetries: Int, step: Duration, cap: Duration) {
        self.maxRetries = maxRetries
        self.step = step
        self.cap = cap
    }

    /// The pause before retry number `attempt` (1-based).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        min(step * attempt, cap)
    }

    /// A command whose reply was lost may be sent again only if running it twice is harmless.
    public static func isSafeToResend(_ command: RedisCommand) -> Bool {
        CommandFacts.isSafeToResend(command)
    }
}
