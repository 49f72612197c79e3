import RESP
import RedisClient

/// A lab client's connection to a REST endpoint of serverless Redis (`--rest`): a
/// `RedisClient` in REST mode, so every command the lab sends is one HTTP request on one
/// keep-alive connection, and the report shows what a pattern costs when each command is a
/// round trip of its own.
///
/// `LabConnection` promises order: what `sendWithoutWaiting` and `submit` write comes before
/// whatever is sent after it. Over HTTP nothing is on its way until the answer before it is
/// in, so every call joins one queue, served by one task in the order the calls were made:
/// `submit` is its commands as requests one after another, their replies handed over by the
/// `PendingReplies` once in; `sendWithoutWaiting` is a request whose answer is dropped.
/// Nothing is pipelined (the endpoint answers one command per `POST /`), and there are no
/// pushes: `LabConnections.listen` refuses those.
public final class RESTLabConnection: LabConnection {
    private typealias Job = @Sendable () async -> Void

    private let client: RedisClient
    private let jobs: AsyncStream<Job>.Continuation
    private let worker: Task<Void, Never>

    /// `options.rest` names the endpoint; `clock` paces the client's retries.
    public init(_ options: ConnectionOptions, clock: any WorkClock) throws(RedisClientError) {
        guard options.rest != nil else {
            throw RedisClientError(.notSendable, "a REST lab connection needs a REST endpoint (--rest URL)")
        }
        client = RedisClient(options, clock: clock)
        let (stream, continuation) = AsyncStream.makeStream(of: Job.self)
        jobs = continuation
        // Not the caller's child: a lab cancelled mid-run still lets the requests already
        // queued finish (each bounded by the command timeout), so `close` can drain them.
        worker = Task {
            for await job in stream { await job() }
        }
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await perform { try await $0.send(command) }
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        try await perform { try await $0.pipeline(commands) }
    }

    public func sendWithoutWaiting(_ command: RedisCommand) {
        let client = client
        // Its reply, errors included, is ignored, as on a RESP connection.
        _ = enqueue { _ = try? await client.send(command) }
    }

    public func submit(_ commands: [RedisCommand]) -> PendingReplies {
        let client = client
        let (replies, delivery) = AsyncThrowingStream.makeStream(of: [RESPValue].self)
        let queued = enqueue {
            do {
                delivery.yield(try await client.pipeline(commands))
                delivery.finish()
            } catch {
                delivery.finish(throwing: error)
            }
        }
        guard queued else { return PendingReplies(failure: Self.closed) }
        return PendingReplies(
            task: Task {
                for try await values in replies { return values }
                throw Self.closed
            })
    }

    /// Lets the queued requests finish, then closes the HTTP connection.
    public func close() async {
        jobs.finish()
        await worker.value
        await client.close()
    }

    /// The HTTP connection's event loop is the client's own: no executor to offer.
    public var taskExecutor: (any TaskExecutor)? { nil }

    private static let closed = RedisClientError(.connectionClosed, "the REST lab connection was closed")

    /// Runs `work` on the client in turn with every other call, and hands back its result.
    private func perform<T: Sendable>(_ work: @escaping @Sendable (RedisClient) async throws -> T) async throws -> T {
        let client = client
        return try await withCheckedThrowingContinuation { continuation in
            let queued = enqueue {
                do {
                    continuation.resume(returning: try await work(client))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            if !queued { continuation.resume(throwing: Self.closed) }
        }
    }

    /// False once the connection is closed.
    private func enqueue(_ job: @escaping Job) -> Bool {
        if case .terminated = jobs.yield(job) { return false }
        return true
    }
}
