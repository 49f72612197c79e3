import RESP
import RedisClient

/// A lab connection answered on a thread of its own over a plain socket, with no event
/// loop between the clock and the wire: for one task's timed loop of one command at a time
/// (`LabContext.connectDirect`). Through SwiftNIO each round trip cost about 30 µs more CPU
/// on a 2-CPU VM than redis-benchmark's, which made a lab's one-at-a-time rates a third lower
/// than the server's; here the rest of a round trip is the socket calls and RESP.
///
/// Used from its own executor (`withTaskExecutorPreference(connection.taskExecutor)`): its
/// calls block the thread they run on until the reply is in.
public final class DirectConnection: LabConnection, @unchecked Sendable {
    private let connection: BlockingConnection
    private let executor = ThreadTaskExecutor()

    public init(_ connection: BlockingConnection) {
        self.connection = connection
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try connection.pipeline([command], timeout: connection.options.commandTimeout)[0]
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        try connection.pipeline(commands, timeout: connection.options.commandTimeout)
    }

    /// Written and answered before this returns: in order with what is written after, as
    /// the protocol asks.
    public func submit(_ commands: [RedisCommand]) -> PendingReplies {
        do {
            return PendingReplies(values: try connection.pipeline(commands, timeout: connection.options.commandTimeout))
        } catch {
            return PendingReplies(failure: error)
        }
    }

    public func sendWithoutWaiting(_ command: RedisCommand) {
        _ = try? connection.pipeline([command], timeout: connection.options.commandTimeout)
    }

    /// Closes the socket now (the server sees the client gone, as a killed process), and
    /// lets the thread end.
    public func close() async {
        connection.close()
        executor.stop()
    }

    public var taskExecutor: (any TaskExecutor)? { executor }
}
