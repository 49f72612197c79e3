import RESP
import RedisClient
import RedisCommands
import Synchronization

/// A lab's connection to a Redis Cluster: a plain connection to each master, and every
/// command written to the master serving its keys' slot by the slot map read when the run
/// began. Routing happens before anything is written, so a command nobody waits for
/// (`sendWithoutWaiting`) still goes out at once and in order with the commands after it
/// to the same node, as on one server.
///
/// A keyless command goes to the node of the last keyed one (as with redis-cli), so WATCH
/// key … MULTI … EXEC stays on one node; SCRIPT goes to every master, since each keeps its
/// own script cache. INFO, DBSIZE, MEMORY STATS and SCAN are per node: the lab kit reads
/// them from each of `clusterMasters` (`ServerInfo.fetchTotal`, `KeySpace`).
public final class ClusterLabConnection: LabConnection {
    private let nodes: [RedisConnection]
    private let traffic: ClusterTraffic
    /// The master of the last keyed command.
    private let current = Mutex(0)

    private init(nodes: [RedisConnection], traffic: ClusterTraffic) {
        self.nodes = nodes
        self.traffic = traffic
    }

    /// Connects to every master of `traffic`'s slot map with `options` (its address aside).
    public static func connect(_ options: ConnectionOptions, traffic: ClusterTraffic) async throws -> ClusterLabConnection {
        var opened: [RedisConnection] = []
        do {
            for master in traffic.masters {
                var node = options
                node.address = master.address
                opened.append(try await RedisConnection.connect(node))
            }
        } catch {
            for connection in opened { await connection.close() }
            throw error
        }
        return ClusterLabConnection(nodes: opened, traffic: traffic)
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        if command.name == "SCRIPT" { return try await sendToEveryMaster(command) }
        let reply = try await nodes[try route(command)].send(command)
        try Self.checkNotRedirected(reply)
        return reply
    }

    /// Each node's part is sent concurrently (with the connection's command timeout) and
    /// the replies put back in the caller's order.
    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        let parts = try split(commands)
        var replies = [RESPValue](repeating: .null, count: commands.count)
        try await withThrowingTaskGroup(of: (positions: [Int], replies: [RESPValue]).self) { group in
            for part in parts {
                let connection = nodes[part.node]
                let batch = part.positions.map { commands[$0] }
                group.addTask { (part.positions, try await connection.pipeline(batch)) }
            }
            for try await done in group {
                for (position, reply) in zip(done.positions, done.replies) { replies[position] = reply }
            }
        }
        for reply in replies { try Self.checkNotRedirected(reply) }
        return replies
    }

    /// Each node's part is written now, in order with what is written to it afterwards.
    public func submit(_ commands: [RedisCommand]) -> PendingReplies {
        do {
            let parts = try split(commands).map { part in
                (positions: part.positions, replies: nodes[part.node].submit(part.positions.map { commands[$0] }))
            }
            return PendingReplies(gathering: parts, count: commands.count)
        } catch {
            return PendingReplies(failure: error)
        }
    }

    public func sendWithoutWaiting(_ command: RedisCommand) {
        // As on one server, an error (here: a command spanning slots) is not looked at.
        guard let node = try? route(command) else { return }
        nodes[node].sendWithoutWaiting(command)
    }

    public func close() async {
        for node in nodes { await node.close() }
    }

    /// Each node has its own I/O thread: no one of them is the place to run.
    public var taskExecutor: (any TaskExecutor)? { nil }

    public var clusterMasters: [any LabConnection]? { nodes }

    /// Splits a pipeline by node: the positions of each node's commands, in order. A keyless
    /// command (MULTI, EXEC) goes with the keyed command before it, or the first after it:
    /// a transaction's commands stay together.
    private func split(_ commands: [RedisCommand]) throws -> [(node: Int, positions: [Int])] {
        // Every command is checked (CROSSSLOT, a slot nobody serves) before any is counted
        // or written: a refused pipeline sends nothing.
        let targets = try commands.map(target)
        var last = targets.first(where: { $0 != nil }).flatMap { $0?.node } ?? current.withLock { $0 }
        var parts: [(node: Int, positions: [Int])] = []
        for (index, command) in commands.enumerated() {
            let node = targets[index]?.node ?? last
            traffic.record(command, keys: targets[index]?.keys ?? [], slot: targets[index]?.slot, node: node)
            last = node
            if let part = parts.firstIndex(where: { $0.node == node }) {
                parts[part].positions.append(index)
            } else {
                parts.append((node, [index]))
            }
        }
        current.withLock { $0 = last }
        return parts
    }

    /// The node for one command, which becomes the node of the keyless commands after it.
    private func route(_ command: RedisCommand) throws -> Int {
        guard let target = try target(command) else {
            let node = current.withLock { $0 }
            traffic.record(command, keys: [], slot: nil, node: node)
            return node
        }
        traffic.record(command, keys: target.keys, slot: target.slot, node: target.node)
        current.withLock { $0 = target.node }
        return target.node
    }

    /// Where a command with keys goes, and its keys and slot (found once, for routing and
    /// counting); nil for a keyless command.
    private func target(_ command: RedisCommand) throws -> (node: Int, keys: [[UInt8]], slot: HashSlot)? {
        let keys = CommandKeys.keys(in: command)
        guard let slot = try CommandSlot.of(command, keys: keys) else { return nil }
        guard let node = traffic.owner(of: slot) else {
            throw RedisClientError(
                .clusterUnavailable, "no master serves slot \(slot) (\(command.name)): the cluster's slots are not all covered")
        }
        return (node, keys, slot)
    }

    /// SCRIPT LOAD (and FLUSH, EXISTS) on every master; the first master's reply, once
    /// every master has answered without an error.
    private func sendToEveryMaster(_ command: RedisCommand) async throws -> RESPValue {
        var first: RESPValue?
        for (index, node) in nodes.enumerated() {
            traffic.record(command, keys: [], slot: nil, node: index)
            let reply = try await node.send(command)
            if reply.errorMessage != nil { return reply }
            if first == nil { first = reply }
        }
        return first ?? .null
    }

    /// The labs route by the map read at the start; a cluster resharded meanwhile is said
    /// plainly rather than followed.
    private static func checkNotRedirected(_ reply: RESPValue) throws {
        guard let redirection = Redirection(reply) else { return }
        throw LabError(
            "slot \(redirection.slot) moved to \(redirection.nodeName) during the run (\(redirection.kind.rawValue)): the lab routes by the slot map it read at the start; run it again"
        )
    }
}
