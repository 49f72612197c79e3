import RESP

extension KeyCleaner {
    /// Removes every key under `prefix` on every master of the cluster `client` is on (a
    /// plain server: the same as `unlinkAll(under:using:)`). Each master is scanned on its
    /// own; each page's keys are unlinked slot by slot, since one UNLINK may not span slots.
    @discardableResult
    public static func unlinkAll(under prefix: [UInt8], everywhere client: RedisClient) async throws -> Int {
        guard let topology = try await client.clusterTopology() else { return try await unlinkAll(under: prefix, using: client) }
        var removed = 0
        for master in topology.masters {
            removed += try await unlinkAll(under: prefix, onClusterNode: NodeSender(client: client, node: master.address))
        }
        return removed
    }
}

extension KeyCleaner {
    /// As `unlinkAll(under:using:)` on one node of a cluster: each page's keys are unlinked
    /// slot by slot, since one UNLINK may not span slots.
    @discardableResult
    public static func unlinkAll(under prefix: [UInt8], onClusterNode node: some RedisCommandSender) async throws -> Int {
        var removed = 0
        try await forEachPage(under: prefix, using: node) { keys in
            for group in Dictionary(grouping: keys, by: { HashSlot(key: $0) }).values {
                removed += Int(try await node.call(RedisCommand(bytes: [Array("UNLINK".utf8)] + group)).int ?? 0)
            }
        }
        return removed
    }
}

/// One node of a cluster as a command sender: SCAN, INFO and friends go there, whatever the keys.
public struct NodeSender: RedisCommandSender {
    let client: RedisClient
    let node: ConnectionOptions.Address

    public init(client: RedisClient, node: ConnectionOptions.Address) {
        self.client = client
        self.node = node
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await client.send(command, to: node)
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        var replies: [RESPValue] = []
        for command in commands { replies.append(try await send(command)) }
        return replies
    }
}
