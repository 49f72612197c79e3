import RESP
import RedisClient

/// Dot-commands about Redis Cluster.
extension DotCommand {
    static let clusterCommands: [DotCommand] = [
        DotCommand(
            name: "cluster", synopsis: ".cluster", summary: "shards, slot ranges, roles, replication offsets and health of the cluster",
            check: { $0.isEmpty ? nil : "usage: .cluster" }
        ) { call in
            await cluster(call)
        }
    ]

    private static func cluster(_ call: Invocation) async -> LineResult {
        guard call.words.isEmpty else { return call.usage }
        guard let client = await call.session.client else { return LineResult(failure: .connection("not connected")) }
        do {
            guard let topology = try await client.clusterTopology() else {
                return LineResult(failure: .usage("this server is not a cluster node (cluster_enabled:0)"))
            }
            let info = try await client.send(["CLUSTER", "INFO"])
            let state = info.string?.split(whereSeparator: \.isNewline).first { $0.hasPrefix("cluster_state:") }
                .map { String($0.dropFirst("cluster_state:".count)) }
            let current = await client.options.addressDescription
            var style = TextStyle.detect(descriptor: 1, environment: ProcessEnvironment.variables)
            // A node per row, as redis-cli --cluster prints them: columns even when wide.
            style.tableWidth = nil
            call.session.output.write(ClusterTable.render(topology, current: current, state: state, style: style))
            return LineResult()
        } catch {
            return LineResult(failure: .connection("\(error)"))
        }
    }
}
