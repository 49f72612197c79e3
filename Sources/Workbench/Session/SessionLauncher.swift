import RedisClient

/// Opens a session the way ARCHITECTURE.md §5 says: on the server the user named, or on a
/// throwaway one when asked (`--local`) or when no server is named and nothing answers at
/// the default address.
public enum SessionLauncher {
    public static func open(
        request: ConnectionRequest,
        environment: [String: String],
        local: Bool,
        localCluster: Bool = false,
        settings: Session.Settings,
        output: OutputSink,
        errors: OutputSink
    ) async throws -> Session {
        let session = Session(settings: settings, output: output, errors: errors)
        let options = try request.resolve(environment: environment)
        if options.rest != nil {
            if local || localCluster { throw RedisClientError(.invalidURL, restWithThrowawayServer) }
            // Nothing to probe: a REST endpoint is named, and answers (or not) per command.
            await session.use(options)
            return session
        }
        if localCluster {
            let cluster = try await startLocalCluster(errors: errors)
            await session.use(cluster.options)
            return session
        }
        var startLocal = local
        if !local && !request.namesServer(environment: environment) {
            var probe = options
            probe.connectTimeout = .milliseconds(500)
            probe.clientName = nil
            if let connection = try? await RedisConnection.connect(probe) {
                await connection.close()
            } else {
                startLocal = true
            }
        }
        guard startLocal else {
            await session.use(options)
            return session
        }
        let server = try await ThrowawayServer.start()
        ExitCleanup.register(server)
        errors.line(
            "rwb: started a throwaway redis-server on \(server.options.addressDescription) (pid \(server.pid)); it stops when rwb exits")
        await session.adopt(server)
        return session
    }

    public static let restWithThrowawayServer =
        "--local and --local-cluster start a throwaway Redis server, and a REST endpoint is somewhere else: give one or the other"

    /// `--local-cluster`: a throwaway cluster whose servers stop when rwb exits.
    static func startLocalCluster(errors: OutputSink) async throws -> LocalCluster {
        let cluster = try await LocalCluster.start()
        cluster.servers.forEach(ExitCleanup.register)
        let ports = cluster.servers.compactMap(\.port)
        errors.line(
            "rwb: started a throwaway Redis Cluster on 127.0.0.1 ports \(ports.map(String.init).joined(separator: ", ")) "
                + "(3 masters, 1 replica each); it stops when rwb exits")
        return cluster
    }
}
