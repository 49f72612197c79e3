import NIOCore
import RESP
import RedisClient

/// How a lab that owns its deployment talks to it. The kit builds the clients, not the lab:
/// each follows the deployment as it changes (a cluster's slot map, the sentinel's answer),
/// runs on the lab's clock under the lab's client name, and counts every command it sends in
/// the run's `CommandLog`, so `--show-commands` lists what a failover run sent.
public struct DeploymentClient: Sendable {
    private let client: RedisClient
    private let log: CommandLog

    init(_ client: RedisClient, log: CommandLog) {
        self.client = client
        self.log = log
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        log.record(CollectionOfOne(command))
        return try await client.send(command)
    }

    /// The commands in order; on a cluster split per node and put back in order.
    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        log.record(commands)
        return try await client.pipeline(commands)
    }

    /// One command to one node of a cluster, whatever slot it serves.
    public func send(_ command: RedisCommand, to node: ConnectionOptions.Address) async throws -> RESPValue {
        log.record(CollectionOfOne(command))
        return try await client.send(command, to: node)
    }

    /// The cluster's slot map as a node gives it now (nil on a server that is no cluster).
    /// Logged as CLUSTER SHARDS, what the client asks a Redis 7 node (CLUSTER SLOTS before).
    public func clusterTopology() async throws -> ClusterTopology? {
        log.record(CollectionOfOne(RedisCommand("CLUSTER", "SHARDS")))
        return try await client.clusterTopology()
    }

    public func close() async {
        await client.close()
    }
}

extension LabContext {
    /// Labs' connections carry this name in CLIENT LIST.
    static let clientName = "rwb-lab"

    /// A client of a deployment the lab started: routed as the deployment is, retrying as
    /// `retry` says, each command given `commandTimeout` for its reply.
    public func client(of deployment: any ThrowawayDeployment, retry: RetryPolicy, commandTimeout: Duration?) -> DeploymentClient {
        var options = deployment.options
        options.clientName = Self.clientName
        options.commandTimeout = commandTimeout
        return DeploymentClient(RedisClient(options, retryPolicy: retry, clock: clock), log: commands)
    }

    /// A plain connection to one server of the deployment (a replica, a sentinel), without
    /// routing. `named: false` for a sentinel, which is asked without CLIENT SETNAME.
    public func connection(
        to node: ConnectionOptions.Address, of deployment: any ThrowawayDeployment, commandTimeout: Duration?, named: Bool = true
    ) async throws -> any LabConnection {
        var options = deployment.options
        options.address = node
        options.sentinel = nil
        options.cluster = .off
        options.clientName = named ? Self.clientName : nil
        options.commandTimeout = commandTimeout
        return LoggedSender(try await RedisConnection.connect(options), log: commands)
    }

    /// The master a Sentinel deployment's sentinels name now.
    public func sentinelMaster(of deployment: any ThrowawayDeployment) async throws -> ConnectionOptions.Address {
        guard let sentinel = deployment.options.sentinel else { throw LabError("the throwaway deployment has no sentinel") }
        commands.record(CollectionOfOne(RedisCommand("SENTINEL", "GET-MASTER-ADDR-BY-NAME", sentinel.masterName)))
        return try await SentinelResolver.masterAddress(sentinel, like: deployment.options, group: Self.sentinelGroup)
    }

    /// One event loop for asking sentinels, which the lab does every 20 ms while it waits.
    private static let sentinelGroup = RedisConnection.singleThreadedGroup()
}
