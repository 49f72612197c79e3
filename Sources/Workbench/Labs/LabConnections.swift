import Labs
import RESP
import RedisClient

/// The connections of one lab run: on one server plain connections; on a cluster a
/// `ClusterLabConnection` each (a connection to every master, commands routed by slot),
/// all counting into one `ClusterTraffic` for the report's spread over the nodes; over a
/// REST endpoint (`--rest`) a `RESTLabConnection` each, every command an HTTP request.
struct LabConnections: Sendable {
    /// Opens a connection outside the lab's command log: the runner's setup (which the lab
    /// then uses as `context.redis`, logged) and cleanup.
    var openUnlogged: @Sendable () async throws -> any LabConnection
    /// Opens a connection for the lab, its commands recorded in `log`.
    var open: @Sendable () async throws -> any LabConnection
    /// On a cluster, where the lab's commands went. (The runner's own commands, INFO,
    /// DBSIZE and SCAN, go to each master directly and count in no spread.)
    var traffic: ClusterTraffic?
    /// Opens a logged connection that hands pushes to a callback (`LabContext.listen`).
    var listen: @Sendable (_ resp3: Bool, _ onPush: @escaping @Sendable (RESPValue) -> Void) async throws -> any LabConnection

    init(_ options: ConnectionOptions, topology: ClusterTopology?, log: CommandLog, clock: any WorkClock) {
        if options.rest != nil {
            traffic = nil
            openUnlogged = { try RESTLabConnection(options, clock: clock) }
            open = { LoggedSender(try RESTLabConnection(options, clock: clock), log: log) }
            // An endpoint answers requests; it has no connection of the lab's own to push on.
            listen = { _, _ in
                throw LabError("a REST endpoint sends no pushes (pub/sub, client tracking): this lab needs a Redis connection (redis://…)")
            }
            return
        }
        var listenAddress = options
        if let first = topology?.masters.first { listenAddress.address = first.address }
        let listenOptions = listenAddress
        listen = { resp3, onPush in
            var options = listenOptions
            options.protocolVersion = resp3 ? 3 : 2
            return LoggedSender(try await RedisConnection.connect(options, onOutOfBand: onPush), log: log)
        }
        if let topology {
            let traffic = ClusterTraffic(topology)
            self.traffic = traffic
            openUnlogged = { try await ClusterLabConnection.connect(options, traffic: traffic) }
            open = { LoggedSender(try await ClusterLabConnection.connect(options, traffic: traffic), log: log) }
        } else {
            traffic = nil
            openUnlogged = { try await RedisConnection.connect(options) }
            open = { LoggedSender(try await RedisConnection.connect(options), log: log) }
        }
    }
}
