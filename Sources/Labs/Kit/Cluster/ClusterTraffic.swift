import RESP
import RedisClient
import Synchronization

/// Where a lab's commands went on a cluster, counted as they are routed: for each master,
/// how many commands, how many distinct keys and how many distinct slots. Shared by every
/// connection of one run, so the report can say how the keys spread over the nodes.
public final class ClusterTraffic: Sendable {
    /// The masters in slot order, with the slots each serves.
    public let masters: [ClusterTopology.Node]
    let slotRanges: [String]
    let slotCounts: [Int]
    private let topology: ClusterTopology
    /// For each of the topology's shards, the index of its master in `masters` (nil for a
    /// shard that serves no slot).
    private let masterOfShard: [Int?]

    private struct Counts {
        var commands = 0
        var keys: Set<[UInt8]> = []
        var slots: Set<Int> = []
        var byName: [String: Int] = [:]
    }
    private let counts: Mutex<[Counts]>

    public init(_ topology: ClusterTopology) {
        let shards = topology.shardsInSlotOrder.filter { !$0.slots.isEmpty && $0.master != nil }
        masters = shards.compactMap(\.master)
        slotRanges = shards.map(\.rangesText)
        slotCounts = shards.map(\.slotCount)
        self.topology = topology
        masterOfShard = topology.shards.map { shard in shard.master.flatMap { master in shards.firstIndex { $0.master == master } } }
        counts = Mutex(Array(repeating: Counts(), count: shards.count))
    }

    /// The index in `masters` of the master serving `slot`, or nil when no master serves it.
    func owner(of slot: HashSlot) -> Int? {
        topology.shardIndex(of: slot).flatMap { masterOfShard[$0] }
    }

    /// One command sent to master `node`: `keys` and their one `slot`, or none and nil for
    /// a keyless command.
    func record(_ command: RedisCommand, keys: [[UInt8]], slot: HashSlot?, node: Int) {
        let name = command.name
        counts.withLock { counts in
            counts[node].commands += 1
            counts[node].byName[name, default: 0] += 1
            counts[node].keys.formUnion(keys)
            if let slot { counts[node].slots.insert(slot.value) }
        }
    }

    /// Commands of each name sent to each master (`GET` → count), in `masters` order.
    public var commandsByName: [[String: Int]] { counts.withLock { $0.map(\.byName) } }

    /// The counts so far, as the report shows them.
    public var spread: ClusterSpread {
        let snapshot = counts.withLock { $0 }
        return ClusterSpread(
            nodes: masters.indices.map { index in
                let keys = snapshot[index].keys
                // A key hashes its tag alone when it has one (an empty `{}` is no tag).
                let tags = keys.compactMap { key -> [UInt8]? in
                    let hashed = HashSlot.hashedPart(of: key)
                    return hashed.count < key.count ? Array(hashed) : nil
                }
                return ClusterSpread.Node(
                    node: masters[index].name, slots: slotRanges[index], slotCount: slotCounts[index], keys: keys.count,
                    taggedKeys: tags.count, tagGroups: Set(tags).count, slotsUsed: snapshot[index].slots.count,
                    commands: snapshot[index].commands)
            })
    }
}

/// How a lab's keys and commands spread over the masters of a cluster.
public struct ClusterSpread: Encodable, Sendable {
    public struct Node: Encodable, Sendable {
        public var node: String
        /// The slot ranges it serves (`0-5460`).
        public var slots: String
        public var slotCount: Int
        /// Distinct keys the lab's commands named there.
        public var keys: Int
        /// Of those, the keys with a hash tag (`…:{17}:lock`), and how many distinct tags.
        public var taggedKeys: Int
        public var tagGroups: Int
        /// Distinct slots among those keys.
        public var slotsUsed: Int
        public var commands: Int
    }

    public var nodes: [Node]

    public var keys: Int { nodes.reduce(0) { $0 + $1.keys } }
    public var commands: Int { nodes.reduce(0) { $0 + $1.commands } }
    public var taggedKeys: Int { nodes.reduce(0) { $0 + $1.taggedKeys } }
    public var tagGroups: Int { nodes.reduce(0) { $0 + $1.tagGroups } }

    /// The node with the largest share of the commands, and that share.
    public var busiest: (node: Node, commandShare: Double, keyShare: Double)? {
        guard let top = nodes.max(by: { $0.commands < $1.commands }), commands > 0 else { return nil }
        return (top, Double(top.commands) / Double(commands), keys == 0 ? 0 : Double(top.keys) / Double(keys))
    }

    enum CodingKeys: String, CodingKey { case masters, keys, taggedKeys, tagGroups, commands, nodes }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nodes.count, forKey: .masters)
        try container.encode(keys, forKey: .keys)
        try container.encode(taggedKeys, forKey: .taggedKeys)
        try container.encode(tagGroups, forKey: .tagGroups)
        try container.encode(commands, forKey: .commands)
        try container.encode(nodes, forKey: .nodes)
    }
}
