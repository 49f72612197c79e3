import ArgumentParser
import RedisClient

/// `-c` and `--local-cluster`: Redis Cluster, as with redis-cli's `-c`, or a throwaway one.
/// Apart from `ConnectionFlags` because `rwb bench` uses `-c` for its number of clients,
/// as redis-benchmark does.
public struct ClusterFlags: ParsableArguments, Sendable {
    public init() {}

    @Flag(
        name: .customShort("c"),
        help: "Cluster mode: send each command to the node serving its keys' slot, following -MOVED and -ASK redirections.")
    public var cluster = false

    @Flag(
        name: .customLong("local-cluster"), help: "Use a throwaway local Redis Cluster (3 masters, 1 replica each), stopped when rwb exits."
    )
    public var localCluster = false

    @Option(name: .customLong("read-from"), help: "In a cluster, where read-only commands go: primary, replica or prefer-replica.")
    public var readFrom = "primary"

    public func validate() throws {
        if ConnectionOptions.ReadFrom(rawValue: readFrom.lowercased()) == nil {
            throw ValidationError("--read-from \(readFrom): primary, replica or prefer-replica")
        }
    }

    public func apply(to request: ConnectionRequest) -> ConnectionRequest {
        var request = request
        request.cluster = request.cluster || cluster || localCluster
        request.readFrom = ConnectionOptions.ReadFrom(rawValue: readFrom.lowercased()) ?? .primary
        return request
    }
}
