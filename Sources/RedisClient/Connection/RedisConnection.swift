import NIOCore
import NIOPosix
import NIOSSL
import RESP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to one server, after its handshake. Commands sent on it are pipelined:
/// each is written at once and the replies are matched in order. It does not reconnect
/// (`RedisClient` does); once closed, every call fails with `RedisClientError`.
public final class RedisConnection: RedisCommandSender, @unchecked Sendable {
    // @unchecked: all fields are immutable after init; the channel is thread-safe.
    public let options: ConnectionOptions
    /// 2 or 3: what the handshake settled on.
    public let protocolVersion: Int
    /// Said once when RESP3 was asked for and the server does not speak it.
    public let handshakeNotice: String?
    private let channel: Channel
    private let closeReason: CloseReason

    private init(options: ConnectionOptions, channel: Channel, closeReason: CloseReason, protocolVersion: Int, notice: String?) {
        self.options = options
        self.channel = channel
        self.closeReason = closeReason
        self.protocolVersion = protocolVersion
        self.handshakeNotice = notice
    }

    public var isActive: Bool { channel.isActive }

    /// Opens a connection and runs the handshake (HELLO or AUTH, SELECT, CLIENT SETNAME).
    /// `onOutOfBand` receives pub/sub messages, RESP3 pushes and MONITOR lines, on an event
    /// loop thread, in arrival order.
    public static func connect(
        _ options: ConnectionOptions,
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        tracer: WireTracer? = nil,
        onOutOfBand: @escaping @Sendable (RESPValue) -> Void = { _ in }
    ) async throws -> RedisConnection {
        if let rest = options.rest { throw RedisClientError.needsRedisConnection(rest) }
        let sslContext = try options.tls.map(makeSSLContext)
        let serverName = options.tls.flatMap { tls -> String? in
            if let name = tls.serverName { return name }
            guard case .tcp(let host, _) = options.address, !isIPAddress(host) else { return nil }
            return host
        }
        let closeReason = CloseReason()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(options.connectTimeout))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try RedisConnection.addTLSHandlers(to: channel, sslContext, serverName: serverName)
                    if let tracer {
                        try channel.pipeline.syncOperations.addHandler(WireTraceHandler(tracer: tracer))
                    }
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(closeReason: closeReason, onOutOfBand: onOutOfBand))
                }
            }
        let channel: Channel
        do {
            switch options.address {
            case .tcp(let host, let port):
                // A numeric address needs no resolver: connecting to it directly skips
                // getaddrinfo and Happy Eyeballs, a good part of a one-shot `rwb PING`.
                if let address = try? SocketAddress(ipAddress: host, port: port) {
                    channel = try await bootstrap.connect(to: address).get()
                } else {
                    channel = try await bootstrap.connect(host: host, port: port).get()
                }
            case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            throw RedisClientError.connectFailed(address: options.addressDescription, reason: describeConnectError(error))
        }
        do {
            if options.tls != nil { try await tlsHandshake(on: channel, timeout: options.connectTimeout) }
            let (version, notice) = try await Handshake.run(options) { commands in
                try await write(commands, on: channel, closeReason: closeReason, timeout: options.connectTimeout)
            }
            return RedisConnection(options: options, channel: channel, closeReason: closeReason, protocolVersion: version, notice: notice)
        } catch {
            try? await channel.close()
            // A TLS client talking to a plaintext port hears nothing it can read: say so,
            // rather than "no reply".
            if options.tls != nil, let clientError = error as? RedisClientError,
                clientError.code == .timeout || clientError.code == .connectionClosed
            {
                throw RedisClientError.tls(
                    "the handshake with \(options.addressDescription) did not complete (\(clientError)): the server may not speak TLS on this port (try without --tls)"
                )
            }
            throw error
        }
    }

    /// One event loop thread, for a process that opens one connection and exits (`rwb
    /// PING`): the shared group would start a thread per core first.
    public static func singleThreadedGroup() -> EventLoopGroup { MultiThreadedEventLoopGroup(numberOfThreads: 1) }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await send(command, timeout: options.commandTimeout)
    }

    public func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue {
        try await Self.write([command], on: channel, closeReason: closeReason, timeout: timeout)[0]
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        try await pipeline(commands, timeout: options.commandTimeout)
    }

    public func pipeline(_ commands: [RedisCommand], timeout: Duration?) async throws -> [RESPValue] {
        try await Self.write(commands, on: channel, closeReason: closeReason, timeout: timeout)
    }

    /// Writes the commands now, in order with whatever is sent after this returns, and hands
    /// back their replies to come: so a caller can keep several pipelines in flight and still
    /// know the server runs them in the order written.
    public func submit(_ commands: [RedisCommand]) -> PendingReplies {
        PendingReplies(future: Self.submit(commands, on: channel, closeReason: closeReason))
    }

    /// Writes `command` now, in order with the commands sent before and after it, and
    /// ignores its reply, errors included: a fire-and-forget write such as a cache fill
    /// whose result nobody checks.
    public func sendWithoutWaiting(_ command: RedisCommand) {
        _ = Self.submit([command], on: channel, closeReason: closeReason)
    }

    /// The event loop this connection's I/O runs on.
    public var eventLoop: EventLoop { channel.eventLoop }

    /// A pipeline encoded once, to be written again and again (as redis-benchmark writes
    /// its preformatted buffer): the encoding work is paid once, not per request.
    public struct EncodedPipeline: Sendable {
        let commands: [RedisCommand]
        let bytes: ByteBuffer
        public var count: Int { commands.count }

        public init(_ commands: [RedisCommand]) {
            var bytes = ByteBufferAllocator().buffer(capacity: 64 * commands.count)
            for command in commands { RESPEncoder.appendCommand(command, to: &bytes) }
            self.commands = commands
            self.bytes = bytes
        }
    }

    /// Writes an encoded pipeline without leaving the event loop and counts its replies
    /// without keeping them: the future holds the first error reply, or no reply at all. For
    /// tight request loops (benchmarks). Call it on `eventLoop`; the future completes there
    /// too. One future per call, the collector's own: no write promise, no `map`.
    public func countRepliesOnEventLoop(_ pipeline: EncodedPipeline) -> EventLoopFuture<[RESPValue]> {
        channel.eventLoop.preconditionInEventLoop()
        let collector = ReplyCollector(expecting: pipeline.count, keepsValues: false, promise: channel.eventLoop.makePromise())
        channel.writeAndFlush(RedisRequest(commands: pipeline.commands, encoded: pipeline.bytes, collector: collector), promise: nil)
        // On the event loop the handler takes the request before writeAndFlush returns; if
        // it did not, the channel has closed and nothing was sent.
        if !collector.taken { collector.fail(closeReason.forUnsentCommand) }
        return collector.promise.futureResult
    }

    /// Abandons whatever is in flight (a blocking command, SUBSCRIBE, MONITOR): the waiters
    /// fail with `.cancelled` and the connection closes, since Redis offers no other way out.
    public func cancel() {
        channel.triggerUserOutboundEvent(RedisClientError.cancelled, promise: nil)
    }

    public func close() async {
        try? await channel.close()
    }

    /// Calls `body` once the connection has closed, for whatever reason. Every reply and
    /// out-of-band message that arrived before has been delivered by then.
    public func onClose(_ body: @escaping @Sendable () -> Void) {
        channel.closeFuture.whenComplete { _ in body() }
    }

    private static func write(
        _ commands: [RedisCommand], on channel: Channel, closeReason: CloseReason, timeout: Duration?
    ) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let loop = channel.eventLoop
        let all = submit(commands, on: channel, closeReason: closeReason)
        if let timeout {
            let task = loop.scheduleTask(in: TimeAmount(timeout)) {
                channel.triggerUserOutboundEvent(RedisClientError.timeout(timeout), promise: nil)
            }
            all.whenComplete { _ in task.cancel() }
        }
        return try await all.get()
    }

    /// Writes commands and returns the future of their replies, in order.
    private static func submit(
        _ commands: [RedisCommand], encoded: ByteBuffer? = nil, keepsValues: Bool = true, on channel: Channel,
        closeReason: CloseReason
    ) -> EventLoopFuture<[RESPValue]> {
        let collector = ReplyCollector(expecting: commands.count, keepsValues: keepsValues, promise: channel.eventLoop.makePromise())
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            // The channel closed before the handler saw the request: nothing was sent.
            guard !collector.taken else { return }
            collector.fail((error as? RedisClientError) ?? closeReason.forUnsentCommand)
        }
        channel.writeAndFlush(RedisRequest(commands: commands, encoded: encoded, collector: collector), promise: written)
        return collector.promise.futureResult
    }

    /// TLS at the socket end of a new channel's pipeline (with a context: `rediss://`,
    /// `--tls`, an `https://` REST endpoint), and the waiter that reports the handshake.
    static func addTLSHandlers(to channel: Channel, _ sslContext: NIOSSLContext?, serverName: String?) throws {
        guard let sslContext else { return }
        let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: serverName)
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.pipeline.syncOperations.addHandler(TLSHandshakeWaiter(eventLoop: channel.eventLoop))
    }

    /// Waits until the TLS handshake completes, for at most `timeout`.
    static func tlsHandshake(on channel: Channel, timeout: Duration) async throws {
        let waiter = try await channel.pipeline.handler(type: TLSHandshakeWaiter.self).get()
        let expiry = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            waiter.done.fail(RedisClientError.timeout(timeout))
        }
        defer { expiry.cancel() }
        try await waiter.done.futureResult.get()
    }

    // MARK: - Helpers

    static func makeSSLContext(_ tls: ConnectionOptions.TLS) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            var roots: [NIOSSLCertificate] = []
            if let ca = tls.caCertificate { roots += try NIOSSLCertificate.fromPEMFile(ca) }
            if let directory = tls.caCertificateDirectory { roots += try certificates(in: directory) }
            if tls.caCertificate != nil || tls.caCertificateDirectory != nil { configuration.trustRoots = .certificates(roots) }
            if let ciphers = tls.ciphers { configuration.cipherSuites = ciphers }
            if let certificate = tls.certificate {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            }
            if let key = tls.privateKey {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            if tls.insecure { configuration.certificateVerification = .none }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw RedisClientError.tls("could not load certificates or keys: \(error)")
        }
    }

    /// The certificates of every PEM file in `directory` (a CA directory also holds other
    /// files, and links by hash to the same certificates: those are skipped or repeated).
    private static func certificates(in directory: String) throws -> [NIOSSLCertificate] {
        guard let handle = opendir(directory) else {
            throw RedisClientError.tls("cannot read the CA directory \(directory): \(String(cString: strerror(errno)))")
        }
        defer { closedir(handle) }
        var found: [NIOSSLCertificate] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !name.hasPrefix(".") else { continue }
            found += (try? NIOSSLCertificate.fromPEMFile("\(directory)/\(name)")) ?? []
        }
        guard !found.isEmpty else { throw RedisClientError.tls("no PEM certificate in the CA directory \(directory)") }
        return found
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// The system's words for why a connect failed ("Connection refused"), as redis-cli says it.
    static func describeConnectError(_ error: Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first { return describeConnectError(first.error) }
            if connection.dnsAError != nil || connection.dnsAAAAError != nil { return "Name or service not known" }
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError { return "Connection timed out" }
        if let sslError = error as? NIOSSLError { return "TLS handshake failed: \(sslError)" }
        return "\(error)"
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
