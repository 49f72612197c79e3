import NIOCore
import RESP

/// The replies of a pipeline already written (`RedisConnection.submit`).
public struct PendingReplies: Sendable {
    private let future: EventLoopFuture<[RESPValue]>?
    private let failure: (any Error)?

    init(future: EventLoopFuture<[RESPValue]>) {
        self.future = future
        failure = nil
    }

    /// Replies that will never come, for a sender that cannot write.
    public init(failure: any Error) {
        future = nil
        self.failure = failure
    }

    public var replies: [RESPValue] {
        get async throws {
            guard let future else { throw failure ?? CancellationError() }
            return try await future.get()
        }
    }
}
