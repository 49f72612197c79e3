import RESP

/// Who serves which slots: the cluster's shards, each with its slot ranges, its master and
/// its replicas, as `CLUSTER SHARDS` (Redis 7) or `CLUSTER SLOTS` (older) describe them.
public struct ClusterTopology: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        /// The node ID (40 hex digits); empty when CLUSTER SLOTS did not give one.
        public var id: String
        public var host: String
        public var port: Int
        public var isMaster: Bool
        public var replicationOffset: Int64?
        /// `online`, `failed` or `loading` (CLUSTER SHARDS only).
        public var health: String?

        public var address: ConnectionOptions.Address { .tcp(host: host, port: port) }
        /// `HOST:PORT`, as redirections and redis-cli name a node.
        public var name: String { address.description }
    }

    public struct Shard: Sendable, Equatable {
        public var slots: [ClosedRange<Int>]
        public var nodes: [Node]

        public var master: Node? { nodes.first(where: \.isMaster) }
        public var replicas: [Node] { nodes.filter { !$0.isMaster } }
        public var slotCount: Int { slots.reduce(0) { $0 + $1.count } }
        /// `0-5460`, or `0-100,200-300` for a shard with several ranges; `-` for none.
        public var rangesText: String {
            guard !slots.isEmpty else { return "-" }
            return slots.sorted { $0.lowerBound < $1.lowerBound }
                .map { $0.count == 1 ? String($0.lowerBound) : "\($0.lowerBound)-\($0.upperBound)" }
                .joined(separator: ",")
        }
    }

    public var shards: [Shard]
    /// Index into `shards` per slot; -1 where no shard serves the slot.
    private var owners: [Int16]

    public init(shards: [Shard]) {
        self.shards = shards
        var owners = [Int16](repeating: -1, count: HashSlot.count)
        for (index, shard) in shards.enumerated() {
            for range in shard.slots where range.lowerBound >= 0 && range.upperBound < HashSlot.count {
                for slot in range { owners[slot] = Int16(index) }
            }
        }
        self.owners = owners
    }

    /// The master serving `slot`, or nil when the slot is not covered.
    public func master(of slot: HashSlot) -> Node? {
        shardIndex(of: slot).flatMap { shards[$0].master }
    }

    public func shard(of slot: HashSlot) -> Shard? {
        shardIndex(of: slot).map { shards[$0] }
    }

    /// The index in `shards` of the shard serving `slot`, or nil when the slot is not covered.
    public func shardIndex(of slot: HashSlot) -> Int? {
        let index = Int(owners[slot.value])
        return index < 0 ? nil : index
    }

    /// The shards in slot order (the one with the lowest slot first; any without slots last).
    public var shardsInSlotOrder: [Shard] {
        shards.sorted { ($0.slots.map(\.lowerBound).min() ?? Int.max) < ($1.slots.map(\.lowerBound).min() ?? Int.max) }
    }

    /// Every master serving slots, in slot order.
    public var masters: [Node] {
        shardsInSlotOrder.filter { !$0.slots.isEmpty }.compactMap(\.master)
    }

    public var coveredSlots: Int { owners.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }

    /// After `MOVED slot host:port`: that slot is now served by that node, which becomes a
    /// master of a shard of its own if it was not known (the next full refresh corrects it).
    public mutating func move(_ slot: HashSlot, to host: String, port: Int) {
        if let index = shards.firstIndex(where: { $0.master?.host == host && $0.master?.port == port }) {
            owners[slot.value] = Int16(index)
        } else {
            shards.append(Shard(slots: [], nodes: [Node(id: "", host: host, port: port, isMaster: true)]))
            owners[slot.value] = Int16(shards.count - 1)
        }
    }

    // MARK: - Parsing

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// From a `CLUSTER SHARDS` reply (RESP2 flat arrays or RESP3 maps).
    public static func fromShards(_ reply: RESPValue) throws -> ClusterTopology {
        guard let items = reply.elements else { throw ParseError(description: "CLUSTER SHARDS: expected an array, got \(reply.typeName)") }
        var shards: [Shard] = []
        for item in items {
            guard let fields = item.fieldsByName, let slotBounds = fields["slots"]?.elements, let nodeItems = fields["nodes"]?.elements
            else {
                throw ParseError(description: "CLUSTER SHARDS: a shard without slots or nodes")
            }
            var slots: [ClosedRange<Int>] = []
            for index in stride(from: 0, to: slotBounds.count - 1, by: 2) {
                guard let low = slotBounds[index].int, let high = slotBounds[index + 1].int, low <= high else {
                    throw ParseError(description: "CLUSTER SHARDS: a slot range that is not two integers")
                }
                slots.append(Int(low)...Int(high))
            }
            var nodes: [Node] = []
            for nodeItem in nodeItems {
                guard let node = nodeItem.fieldsByName, let port = node["port"]?.int ?? node["tls-port"]?.int else {
                    throw ParseError(description: "CLUSTER SHARDS: a node without a port")
                }
                // `endpoint` is what clients should use (it follows cluster-preferred-endpoint-type).
                let endpoint = node["endpoint"]?.string.flatMap { $0 == "?" || $0.isEmpty ? nil : $0 }
                guard let host = endpoint ?? node["ip"]?.string else {
                    throw ParseError(description: "CLUSTER SHARDS: a node without an address")
                }
                nodes.append(
                    Node(
                        id: node["id"]?.string ?? "", host: host, port: Int(port), isMaster: node["role"]?.string == "master",
                        replicationOffset: node["replication-offset"]?.int, health: node["health"]?.string))
            }
            shards.append(Shard(slots: slots, nodes: nodes))
        }
        return ClusterTopology(shards: shards)
    }

    /// From a `CLUSTER SLOTS` reply: `[start, end, master, replica…]`, each node
    /// `[host, port, id, …]`. Ranges served by the same master become one shard.
    public static func fromSlots(_ reply: RESPValue) throws -> ClusterTopology {
        guard let items = reply.elements else { throw ParseError(description: "CLUSTER SLOTS: expected an array, got \(reply.typeName)") }
        var shards: [Shard] = []
        for item in items {
            guard let parts = item.elements, parts.count >= 3, let low = parts[0].int, let high = parts[1].int, low <= high else {
                throw ParseError(description: "CLUSTER SLOTS: a range that is not [start, end, master, …]")
            }
            var nodes: [Node] = []
            for (position, nodeItem) in parts.dropFirst(2).enumerated() {
                guard let fields = nodeItem.elements, fields.count >= 2, let host = fields[0].string, let port = fields[1].int else {
                    throw ParseError(description: "CLUSTER SLOTS: a node that is not [host, port, …]")
                }
                let id = fields.count > 2 ? fields[2].string ?? "" : ""
                nodes.append(Node(id: id, host: host, port: Int(port), isMaster: position == 0))
            }
            let master = nodes[0]
            if let index = shards.firstIndex(where: { $0.master.map { $0.host == master.host && $0.port == master.port } ?? false }) {
                shards[index].slots.append(Int(low)...Int(high))
            } else {
                shards.append(Shard(slots: [Int(low)...Int(high)], nodes: nodes))
            }
        }
        return ClusterTopology(shards: shards)
    }
}
