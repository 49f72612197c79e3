import NIOCore
import NIOPosix
import RESP
import RedisCommands

/// A connection that comes back: it connects on first use, and when the connection is lost
/// it reconnects with capped back-off (`RetryPolicy`). A request whose reply was lost is sent
/// again only if it never reached the server or is read-only; otherwise the caller gets
/// `.connectionClosed(mayHaveExecuted: true)` and decides.
///
/// On a Redis Cluster (see `RedisClient+Cluster.swift`) it routes each command to the master
/// of its keys' slot, follows MOVED and ASK, and keeps a connection per node; `options`
/// then names the node that served the last command, as redis-cli's prompt does.
///
/// With `options.rest` set it talks to a REST endpoint of serverless Redis instead (see
/// `RedisClient+REST.swift`): each command one HTTP request, with the same replies and
/// errors, so the session, scripts and the REPL above it need not know.
public actor RedisClient: RedisCommandSender {
    /// The options of the next connection (the database follows SELECT, see `useDatabase`;
    /// the address follows the cluster node last used).
    public internal(set) var options: ConnectionOptions
    public nonisolated let retryPolicy: RetryPolicy
    /// Pub/sub messages, RESP3 pushes and MONITOR lines from every connection in turn.
    public nonisolated let outOfBand: AsyncStream<RESPValue>
    nonisolated let outOfBandSink: AsyncStream<RESPValue>.Continuation
    /// Set `isEnabled` to see the bytes of every connection this client opens.
    public nonisolated let tracer: WireTracer?
    let group: EventLoopGroup
    let clock: any WorkClock
    /// The connection to `options.address`.
    var connection: RedisConnection?
    private var hasConnectedBefore = false
    /// Said by the last handshake (RESP3 fallback), for the front end to show once.
    public private(set) var handshakeNotice: String?

    // Cluster mode: nil topology means a plain server (or not known to be a cluster yet).
    var topology: ClusterTopology?
    /// Connections to the other cluster nodes, by address.
    var nodeConnections: [ConnectionOptions.Address: RedisConnection] = [:]
    /// With `-c` against a server that says it has no cluster support: do not ask again.
    var isKnownNotCluster = false
    /// The slot of the last command, when it had keys (for `-> Redirected to slot [N]`).
    public internal(set) var lastSlot: HashSlot?

    // REST mode (`options.rest`): the keep-alive connection, the last sync token the
    // endpoint gave (sent back so a read sees the writes before it), and whether the last
    // exchange reached it (an idle connection the server closed is no disconnection).
    var restConnection: RESTConnection?
    var restSyncToken: String?
    var restReachable = false
    /// An exchange is under way; the callers in `restWaiters` go after it, in turn.
    var restBusy = false
    var restWaiters: [CheckedContinuation<Void, Never>] = []

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

    public var isConnected: Bool { options.rest == nil ? connection?.isActive ?? false : restReachable }

    /// The current connection, opened (with retries, after a loss) when there is none.
    @discardableResult
    public func connect() async throws -> RedisConnection {
        if let connection, connection.isActive { return connection }
        connection = nil
        var attempt = 0
        while true {
            do {
                let fresh = try await options.sentinel == nil ? open(options) : openMasterFromSentinel()
                connection = fresh
                hasConnectedBefore = true
                handshakeNotice = fresh.handshakeNotice
                return fresh
            } catch let error as RedisClientError {
                // The first connect fails fast (nothing is there); a reconnect is patient.
                guard error.code == .connectFailed || error.code == .sentinel, hasConnectedBefore, attempt < retryPolicy.maxRetries else {
                    throw error
                }
                attempt += 1
                try await clock.sleep(for: retryPolicy.delay(beforeAttempt: attempt))
            }
        }
    }

    /// With Sentinel: the master's address asked afresh, and the node checked to be a master
    /// (during a failover a sentinel may still name the old one).
    private func openMasterFromSentinel() async throws -> RedisConnection {
        guard let sentinel = options.sentinel else { return try await open(options) }
        options.address = try await SentinelResolver.masterAddress(sentinel, like: options, group: group)
        let fresh = try await open(options)
        let role = try await fresh.send(["ROLE"], timeout: options.connectTimeout)
        guard role.elements?.first?.string == "master" else {
            await fresh.close()
            throw RedisClientError(
                .sentinel,
                "Sentinel names \(options.addressDescription) as master '\(sentinel.masterName)', but it is not a master (yet): a failover is under way"
            )
        }
        return fresh
    }

    func open(_ options: ConnectionOptions) async throws -> RedisConnection {
        let sink = outOfBandSink
        return try await RedisConnection.connect(options, group: group, tracer: tracer) { sink.yield($0) }
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await send(command, timeout: options.commandTimeout)
    }

    public func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue {
        if let endpoint = options.rest { return try await restSend(command, to: endpoint, timeout: timeout) }
        if try await routesBySlot(command) { return try await clusterSend(command, timeout: timeout) }
        let reply = try await withRetries(safe: RetryPolicy.isSafeToResend(command)) { connection in
            try await connection.send(command, timeout: timeout)
        }
        // A server that turned out to be a cluster node: load the slot map and follow.
        guard options.cluster != .off, let redirection = Redirection(reply), try await loadTopology() else { return reply }
        return try await clusterSend(command, timeout: timeout, after: redirection)
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        if let endpoint = options.rest { return try await restPipeline(commands, to: endpoint) }
        // (The key lookup only where a cluster is possible: pipelines are a hot path.)
        if topology != nil || options.cluster == .on, try await routesBySlot(commands.first { !CommandKeys.positions(in: $0).isEmpty }) {
            return try await clusterPipeline(commands, timeout: options.commandTimeout)
        }
        let replies = try await withRetries(safe: commands.allSatisfy(RetryPolicy.isSafeToResend)) { connection in
            try await connection.pipeline(commands, timeout: connection.options.commandTimeout)
        }
        guard options.cluster != .off, replies.contains(where: { Redirection($0) != nil }), try await loadTopology() else { return replies }
        // Some went to the wrong node: follow each of those alone.
        var fixed = replies
        for (index, reply) in replies.enumerated() {
            guard let redirection = Redirection(reply) else { continue }
            fixed[index] = try await clusterSend(commands[index], timeout: options.commandTimeout, after: redirection)
        }
        return fixed
    }

    /// After a successful SELECT: a reconnect selects the same database again.
    public func useDatabase(_ database: Int) {
        options.database = database
    }

    /// Abandons the command in flight (Ctrl-C); the next command reconnects.
    public func cancel() {
        connection?.cancel()
        connection = nil
        restConnection?.cancel()
        restConnection = nil
        for node in nodeConnections.values { node.cancel() }
        nodeConnections = [:]
    }

    public func close() async {
        await connection?.close()
        connection = nil
        await restConnection?.close()
        restConnection = nil
        for node in nodeConnections.values { await node.close() }
        nodeConnections = [:]
        outOfBandSink.finish()
    }

    func withRetries<T: Sendable>(safe: Bool, _ body: @Sendable (RedisConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            let current = try await connect()
            do {
                return try await body(current)
            } catch let error as RedisClientError {
                // A timeout, cancel or malformed reply closes the connection too, but its
                // close may still be on its way (a TLS close waits for the peer).
                let ended = !current.isActive || [.timeout, .cancelled, .malformedReply].contains(error.code)
                if ended, connection === current { connection = nil }
                guard error.code == .connectionClosed, !error.mayHaveExecuted || safe,
                    attempt < retryPolicy.maxRetries
                else { throw error }
                attempt += 1
                try await clock.sleep(for: retryPolicy.delay(beforeAttempt: attempt))
            }
        }
    }
}
