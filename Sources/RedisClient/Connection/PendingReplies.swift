import NIOCore
import RESP

/// The replies of a pipeline already written (`RedisConnection.submit`).
public struct PendingReplies: Sendable {
    private enum Source: Sendable {
        case future(EventLoopFuture<[RESPValue]>)
        case failure(any Error)
        /// Replies already read (a connection that waits for them as it writes).
        case values([RESPValue])
        /// Parts of one pipeline written to several connections (a cluster's nodes).
        case gathered(parts: [(positions: [Int], replies: PendingReplies)], count: Int)
        /// Replies a task is still fetching (a REST connection: one request after another).
        case task(Task<[RESPValue], any Error>)
    }
    private let source: Source

    init(future: EventLoopFuture<[RESPValue]>) {
        source = .future(future)
    }

    /// Replies that will never come, for a sender that cannot write.
    public init(failure: any Error) {
        source = .failure(failure)
    }

    public init(values: [RESPValue]) {
        source = .values(values)
    }

    /// Replies a task fetches: awaited (by anyone, any number of times) as its value.
    public init(task: Task<[RESPValue], any Error>) {
        source = .task(task)
    }

    /// One pipeline's replies from the parts it was split into: part `i`'s replies go to
    /// `positions` in the caller's order. `count` is the pipeline's length.
    public init(gathering parts: [(positions: [Int], replies: PendingReplies)], count: Int) {
        source = .gathered(parts: parts, count: count)
    }

    public var replies: [RESPValue] {
        get async throws {
            switch source {
            case .future(let future): return try await future.get()
            case .failure(let error): throw error
            case .values(let values): return values
            case .task(let task): return try await task.value
            case .gathered(let parts, let count):
                var ordered = [RESPValue](repeating: .null, count: count)
                // Every part is already written: waiting on them in turn costs no round trip.
                for part in parts {
                    for (position, reply) in zip(part.positions, try await part.replies.replies) { ordered[position] = reply }
                }
                return ordered
            }
        }
    }
}
