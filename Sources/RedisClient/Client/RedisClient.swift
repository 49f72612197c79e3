import NIOCore
import NIOPosix
import RESP

/// A connection that comes back: it connects on first use, and when the connection is lost
/// it reconnects with capped back-off (`RetryPolicy`). A request whose reply was lost is sent
/// again only if it never reached the server or is read-only; otherwise the caller gets
/// `.connectionClosed(mayHaveExecuted: true)` and decides.
public actor RedisClient: RedisCommandSender {
    /// The options of the next connection (the database follows SELECT, see `useDatabase`).
    public private(set) var options: ConnectionOptions
    public nonisolated let retryPolicy: RetryPolicy
    /// Pub/sub messages, RESP3 pushes and MONITOR lines from every connection in turn.
    public nonisolated let outOfBand: AsyncStream<RESPValue>
    private nonisolated let outOfBandSink: AsyncStream<RESPValue>.Continuation
    /// Set `isEnabled` to see the bytes of every connection this client opens.
    public nonisolated let tracer: WireTracer?
    private let group: EventLoopGroup
    private let clock: any WorkClock
    private var connection: RedisConnection?
    private var hasConnectedBefore = false
    /// Said by the last handshake (RESP3 fallback), for the front end to show once.
    public private(set) var handshakeNotice: String?

    public init(
        _ options: ConnectionOptions,
        retryPolicy: RetryPolicy = .standard,
        tracer: WireTracer? = nil,
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: any WorkClock = SystemClock()
    ) {
        self.options = options
        self.clock = clock
        self.tracer = tracer
        self.retryPolicy = retryPolicy
        self.group = group
        (outOfBand, outOfBandSink) = AsyncStream.makeStream(of: RESPValue.self, bufferingPolicy: .bufferingNewest(100_000))
    }

    public var isConnected: Bool { connection?.isActive ?? false }

    /// The current connection, opened (with retries, after a loss) when there is none.
    @discardableResult
    public func connect() async throws -> RedisConnection {
        if let connection, connection.isActive { return connection }
        connection = nil
        var attempt = 0
        while true {
            do {
                let sink = outOfBandSink
                let fresh = try await RedisConnection.connect(options, group: group, tracer: tracer) { sink.yield($0) }
                connection = fresh
                hasConnectedBefore = true
                handshakeNotice = fresh.handshakeNotice
                return fresh
            } catch let error as RedisClientError {
                // The first connect fails fast (nothing is there); a reconnect is patient.
                guard case .connectFailed = error, hasConnectedBefore, attempt < retryPolicy.maxRetries else { throw error }
                attempt += 1
                try await clock.sleep(for: retryPolicy.delay(beforeAttempt: attempt))
            }
        }
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await send(command, timeout: options.commandTimeout)
    }

    public func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue {
        try await withRetries(safe: RetryPolicy.isSafeToResend(command)) { connection in
            try await connection.send(command, timeout: timeout)
        }
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        try await withRetries(safe: commands.allSatisfy(RetryPolicy.isSafeToResend)) { connection in
            try await connection.pipeline(commands, timeout: connection.options.commandTimeout)
        }
    }

    /// After a successful SELECT: a reconnect selects the same database again.
    public func useDatabase(_ database: Int) {
        options.database = database
    }

    /// Abandons the command in flight (Ctrl-C); the next command reconnects.
    public func cancel() {
        connection?.cancel()
        connection = nil
    }

    public func close() async {
        await connection?.close()
        connection = nil
        outOfBandSink.finish()
    }

    private func withRetries<T: Sendable>(safe: Bool, _ body: @Sendable (RedisConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            let current = try await connect()
            do {
                return try await body(current)
            } catch let error as RedisClientError {
                if !current.isActive, connection === current { connection = nil }
                guard case .connectionClosed(let mayHaveExecuted) = error, !mayHaveExecuted || safe,
                    attempt < retryPolicy.maxRetries
                else { throw error }
                attempt += 1
                try await clock.sleep(for: retryPolicy.delay(beforeAttempt: attempt))
            }
        }
    }
}
