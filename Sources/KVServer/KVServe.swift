import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import RedisClient
import ServiceLifecycle
import Synchronization

/// `rwb kv serve`: the endpoint, from listening to a graceful stop. Cancelling the task that
/// runs it (Ctrl-C, SIGTERM) stops accepting connections, lets the requests in flight be
/// answered for up to `grace`, then closes what is left and returns what it answered.
public enum KVServe {
    /// Where it listens, once it does.
    public struct Listening: Sendable {
        public var url: String
        public var port: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(
        _ settings: KVEndpointSettings, redis options: ConnectionOptions, clock: any WorkClock = SystemClock(),
        grace: Duration = .seconds(5), listening announce: @escaping @Sendable (Listening) -> Void
    ) async throws -> String {
        let backend = KVBackend(options: options, connections: settings.connections)
        defer { Task { await backend.close() } }
        do {
            try await backend.check()
        } catch {
            throw Failure(description: "Redis does not answer: \(error)")
        }
        let stats = KVStats()
        let events = KVEvents(options: options, clock: clock, heartbeat: .seconds(15))
        let responder = KVResponder(settings: settings, backend: backend, stats: stats, events: events)
        var logger = Logger(label: "rwb.kv.serve")
        logger.logLevel = .critical
        let server: HTTPServerBuilder
        let scheme: String
        if let tls = settings.tls {
            server = try .tls(.http1(), tlsConfiguration: try tlsConfiguration(tls))
            scheme = "https"
        } else {
            server = .http1()
            scheme = "http"
        }
        let settled = Latch()
        let boundPort = Mutex<Int?>(nil)
        let app = Application(
            responder: responder, server: server,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "rwb-kv"),
            onServerRunning: { channel in
                boundPort.withLock { $0 = channel.localAddress?.port }
                settled.open()
            }, logger: logger)
        // A group of our own without signal handlers: the command line owns the signals and
        // cancels this task, which stops the group gracefully.
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let serving = Task {
            defer { settled.open() }
            try await group.run()
        }
        await settled.wait()
        guard let port = boundPort.withLock({ $0 }) else {
            if case .failure(let error) = await serving.result {
                throw Failure(description: "cannot listen on \(settings.host):\(settings.port): \(describe(error))")
            }
            throw Failure(description: "the HTTP server on \(settings.host):\(settings.port) stopped at once")
        }
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        announce(Listening(url: "\(scheme)://\(host):\(port)", port: port))
        await withTaskCancellationHandler {
            _ = await serving.result
        } onCancel: {
            Task {
                events.endAll()
                await group.triggerGracefulShutdown()
                try? await clock.sleep(for: grace)
                serving.cancel()
            }
        }
        return stats.summary
    }

    private static func tlsConfiguration(_ files: KVEndpointSettings.TLSFiles) throws -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificate).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: files.key, format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        } catch {
            throw Failure(description: "cannot use the certificate \(files.certificate) and key \(files.key): \(error)")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return io.description }
        return "\(error)"
    }
}
