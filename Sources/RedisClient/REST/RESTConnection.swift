import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 connection to a REST endpoint (TLS for https, verified against the system's
/// trust store unless `--cacert`, `--cacertdir` or `--insecure` say otherwise), kept alive
/// between requests, which go one after another. It does not reconnect: `RedisClient` opens
/// a new one when this one has closed (a server's idle timeout, `Connection: close`).
final class RESTConnection: @unchecked Sendable {
    // @unchecked: all fields are immutable after init; the channel is thread-safe.
    let endpoint: RESTEndpoint
    private let channel: Channel

    private init(endpoint: RESTEndpoint, channel: Channel) {
        self.endpoint = endpoint
        self.channel = channel
    }

    var isActive: Bool { channel.isActive }

    /// Connects within `options.connectTimeout` (the TLS handshake included).
    static func connect(_ endpoint: RESTEndpoint, options: ConnectionOptions, group: EventLoopGroup) async throws -> RESTConnection {
        let sslContext = endpoint.isSecure ? try RedisConnection.makeSSLContext(options.tls ?? ConnectionOptions.TLS()) : nil
        let serverName = options.tls?.serverName ?? (RedisConnection.isIPAddress(endpoint.host) ? nil : endpoint.host)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(options.connectTimeout))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try RedisConnection.addTLSHandlers(to: channel, sslContext, serverName: serverName)
                    try addHTTPHandlers(to: channel.pipeline.syncOperations, endpoint: endpoint)
                }
            }
        let channel: Channel
        do {
            if let address = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) {
                channel = try await bootstrap.connect(to: address).get()
            } else {
                channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
            }
        } catch {
            throw RedisClientError(
                .connectFailed, "Could not connect to the REST endpoint \(endpoint): \(RedisConnection.describeConnectError(error))")
        }
        guard endpoint.isSecure else { return RESTConnection(endpoint: endpoint, channel: channel) }
        do {
            try await RedisConnection.tlsHandshake(on: channel, timeout: options.connectTimeout)
        } catch {
            try? await channel.close()
            let how =
                (error as? RedisClientError)?.code == .timeout
                ? "did not complete within \(options.connectTimeout.formattedSeconds)" : "failed"
            throw RedisClientError.tls(
                "the handshake with the REST endpoint \(endpoint) \(how): is it a plain http:// endpoint, or one whose certificate "
                    + "is not trusted here (--cacert, --insecure)?")
        }
        return RESTConnection(endpoint: endpoint, channel: channel)
    }

    /// NIO's HTTP/1.1 encoder and decoder, then the exchange handler (tests use it too).
    static func addHTTPHandlers(to pipeline: ChannelPipeline.SynchronousOperations, endpoint: RESTEndpoint) throws {
        try pipeline.addHTTPClientHandlers()
        try pipeline.addHandler(RESTChannelHandler(endpoint: endpoint))
    }

    /// Sends one request and waits for its response, for at most `timeout` (nil: for ever).
    func exchange(_ request: RESTExchange.Request, timeout: Duration?) async throws -> RESTExchange.Response {
        let loop = channel.eventLoop
        let exchange = RESTPendingExchange(request: request, promise: loop.makePromise())
        let written = loop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            // The channel closed before the handler saw the request: nothing was sent.
            guard !exchange.taken else { return }
            exchange.promise.fail((error as? RedisClientError) ?? .connectionClosed(mayHaveExecuted: false))
        }
        channel.writeAndFlush(exchange, promise: written)
        if let timeout {
            let channel = self.channel
            let task = loop.scheduleTask(in: TimeAmount(timeout)) {
                channel.triggerUserOutboundEvent(RedisClientError.timeout(timeout), promise: nil)
            }
            exchange.promise.futureResult.whenComplete { _ in task.cancel() }
        }
        return try await exchange.promise.futureResult.get()
    }

    /// Abandons the request in flight (Ctrl-C): it fails with `.cancelled`, and the
    /// connection closes.
    func cancel() {
        channel.triggerUserOutboundEvent(RedisClientError.cancelled, promise: nil)
    }

    func close() async {
        try? await channel.close()
    }
}
