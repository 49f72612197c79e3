import RedisClient

/// `.cluster`: the shards of a cluster as a table, one row per node, the node the session
/// is on marked with `*`, then how many slots are served.
enum ClusterTable {
    static func render(_ topology: ClusterTopology, current: String, state: String?, style: TextStyle) -> String {
        var table = TextTable(
            ["shard", "slots", "count", "node", "role", "repl offset", "health", "id"],
            alignments: [.right, .left, .right, .left, .left, .right, .left, .left])
        let shards = topology.shardsInSlotOrder.filter { !$0.nodes.isEmpty }
        for (number, shard) in shards.enumerated() {
            let nodes = shard.nodes.filter(\.isMaster) + shard.nodes.filter { !$0.isMaster }
            for (position, node) in nodes.enumerated() {
                let first = position == 0
                table.add([
                    first ? String(number + 1) : "",
                    first ? shard.rangesText : "",
                    first ? String(shard.slotCount) : "",
                    (node.name == current ? "*" : " ") + node.name,
                    node.isMaster ? "master" : "replica",
                    node.replicationOffset.map(String.init) ?? "-",
                    node.health ?? "-",
                    String(node.id.prefix(8)),
                ])
            }
        }
        var text = table.render(style: style)
        text += "\(topology.coveredSlots) of \(HashSlot.count) slots served"
        if let state { text += ", cluster_state:\(state)" }
        text += "; * marks the node this session is on\n"
        if shards.contains(where: { $0.replicas.contains { $0.health == "loading" && ($0.replicationOffset ?? 0) == 0 } }) {
            text +=
                "loading with offset 0: CLUSTER SHARDS says so of replicas whose offset the cluster's gossip has not carried yet (no writes to their master so far), or that have not synced\n"
        }
        return text
    }

}
