import NIOCore
import RESP

/// Finds the master a group of Redis Sentinels monitors: `SENTINEL GET-MASTER-ADDR-BY-NAME`
/// to each sentinel in turn until one knows it.
public enum SentinelResolver {
    /// The master's address now.
    public static func masterAddress(_ sentinel: ConnectionOptions.Sentinel, like options: ConnectionOptions, group: EventLoopGroup)
        async throws
        -> ConnectionOptions.Address
    {
        var problems: [String] = []
        for node in sentinel.nodes {
            // Sentinels are asked plainly: no database, no name, RESP2, and none of the
            // master's credentials.
            var probe = ConnectionOptions(address: node)
            probe.clientName = nil
            probe.connectTimeout = options.connectTimeout
            probe.tls = options.tls
            do {
                let connection = try await RedisConnection.connect(probe, group: group)
                defer { Task { await connection.close() } }
                let reply = try await connection.send(
                    ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", sentinel.masterName], timeout: options.connectTimeout)
                if let message = reply.errorMessage {
                    problems.append("\(probe.addressDescription): \(message)")
                    continue
                }
                guard let parts = reply.elements, parts.count == 2, let host = parts[0].string,
                    let port = parts[1].string.flatMap({ Int($0) })
                else {
                    problems.append("\(probe.addressDescription) monitors no master named '\(sentinel.masterName)'")
                    continue
                }
                return .tcp(host: host, port: port)
            } catch {
                problems.append("\(error)")
            }
        }
        throw RedisClientError(
            .sentinel, "no Sentinel gave the address of master '\(sentinel.masterName)': \(problems.joined(separator: "; "))")
    }
}
