import RESP
import RedisCommands

/// Cluster mode: each command goes to the master serving its keys' slot (keyless ones to
/// the node last used, as with redis-cli), MOVED updates the map and ASK sends `ASKING`
/// first, TRYAGAIN and CLUSTERDOWN are retried with the retry policy's back-off, and a
/// command is never redirected more than `maxRedirections` times.
extension RedisClient {
    /// Redirections followed for one command before giving up (a loop, or a cluster in flux).
    public static let maxRedirections = 5

    /// The slot map, asked afresh; nil when the server is not a cluster node.
    public func clusterTopology() async throws -> ClusterTopology? {
        try await loadTopology() ? topology : nil
    }

    /// Sends a command to one node of the cluster, whatever its keys (INFO, DBSIZE, SCAN
    /// on every master). It does not change the node later keyless commands go to.
    public func send(_ command: RedisCommand, to node: ConnectionOptions.Address, timeout: Duration? = nil) async throws -> RESPValue {
        let connection = try await connection(to: node)
        return try await connection.send(command, timeout: timeout ?? options.commandTimeout)
    }

    /// Whether commands go by the slot map: once it is known, and with `-c` from the first
    /// command with keys (loading it then, so a CROSSSLOT command is refused before sending).
    func routesBySlot(_ command: RedisCommand?) async throws -> Bool {
        if topology != nil { return options.cluster != .off }
        guard options.cluster == .on, !isKnownNotCluster, let command, !CommandKeys.positions(in: command).isEmpty else { return false }
        return try await loadTopology()
    }

    /// Loads the slot map (CLUSTER SHARDS, or CLUSTER SLOTS before Redis 7) from the current
    /// node, or from any other node known when that one does not answer. False when the
    /// server has no cluster support.
    @discardableResult
    func loadTopology() async throws -> Bool {
        var candidates = [options.address]
        for node in topology?.shards.flatMap(\.nodes) ?? [] where !candidates.contains(node.address) { candidates.append(node.address) }
        var lastError: any Error = RedisClientError(.clusterUnavailable, "no cluster node answered")
        let timeout = options.commandTimeout ?? .seconds(5)
        for address in candidates {
            do {
                let connection = try await connection(to: address)
                let shards = try await connection.send(["CLUSTER", "SHARDS"], timeout: timeout)
                guard let message = shards.errorMessage else {
                    topology = try ClusterTopology.fromShards(shards)
                    return true
                }
                if message.contains("cluster support disabled") {
                    isKnownNotCluster = true
                    return false
                }
                let slots = try await connection.send(["CLUSTER", "SLOTS"], timeout: timeout)
                if let message = slots.errorMessage {
                    lastError = RedisClientError(.clusterUnavailable, "CLUSTER SLOTS at \(address): \(message)")
                    continue
                }
                topology = try ClusterTopology.fromSlots(slots)
                return true
            } catch let error as ClusterTopology.ParseError {
                throw RedisClientError(.clusterUnavailable, "\(error)")
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// One command by the slot map, following redirections. `redirection` is the MOVED or
    /// ASK a first attempt (at `origin`, the current node if nil) already got.
    func clusterSend(
        _ command: RedisCommand, timeout: Duration?, after redirection: Redirection? = nil, from origin: ConnectionOptions.Address? = nil
    ) async throws -> RESPValue {
        let slot = try CommandSlot.of(command)
        let reads = CommandFacts.readsKeysOnly(command)
        var target = try route(slot, reads: reads)
        var asking = false
        var redirections = 0
        if let redirection {
            redirections = 1
            (target, asking) = follow(redirection, from: origin ?? options.address)
        }
        var retries = 0
        let safe = RetryPolicy.isSafeToResend(command)
        while true {
            let reply: RESPValue
            do {
                reply = try await sendOnce(command, to: target, asking: asking, timeout: timeout)
            } catch let error as RedisClientError
                where error.code == .connectFailed || (error.code == .connectionClosed && (!error.mayHaveExecuted || safe))
            {
                // The node may be down and its replica taking over: ask the cluster again.
                guard retries < retryPolicy.maxRetries else { throw error }
                retries += 1
                try await clock.sleep(for: retryPolicy.delay(beforeAttempt: retries))
                _ = try? await loadTopology()
                (target, asking) = (try route(slot, reads: reads), false)
                continue
            }
            if let redirection = Redirection(reply) {
                redirections += 1
                guard redirections <= Self.maxRedirections else {
                    throw RedisClientError(
                        .tooManyRedirections,
                        "\(command.name) was redirected \(Self.maxRedirections) times (last: \(redirection.kind.rawValue) to \(redirection.nodeName)): the cluster is changing or its nodes disagree; try again, or see CLUSTER SHARDS"
                    )
                }
                (target, asking) = follow(redirection, from: target)
                continue
            }
            if let message = reply.errorMessage, message.hasPrefix("TRYAGAIN") || message.hasPrefix("CLUSTERDOWN"),
                retries < retryPolicy.maxRetries
            {
                retries += 1
                try await clock.sleep(for: retryPolicy.delay(beforeAttempt: retries))
                if message.hasPrefix("CLUSTERDOWN") {
                    _ = try? await loadTopology()
                    target = try route(slot, reads: reads)
                }
                continue
            }
            becomeCurrent(target)
            lastSlot = slot
            return reply
        }
    }

    /// A pipeline split per node, sent to the nodes at once, the replies put back in the
    /// caller's order; a redirected command is then followed alone. A keyless command goes
    /// with the keyed command before it (or after it, at the start), so MULTI … EXEC around
    /// keys of one slot stay together on that slot's node.
    func clusterPipeline(_ commands: [RedisCommand], timeout: Duration?) async throws -> [RESPValue] {
        let slots = try commands.map { command throws(RedisClientError) in try CommandSlot.of(command) }
        let firstKeyed = try slots.firstIndex { $0 != nil }.map { try route(slots[$0], reads: CommandFacts.readsKeysOnly(commands[$0])) }
        var targets: [ConnectionOptions.Address] = []
        var previous: ConnectionOptions.Address?
        for (slot, command) in zip(slots, commands) {
            let target =
                slot != nil ? try route(slot, reads: CommandFacts.readsKeysOnly(command)) : previous ?? firstKeyed ?? options.address
            targets.append(target)
            previous = target
        }
        var replies = [RESPValue?](repeating: nil, count: commands.count)
        var batches: [(connection: RedisConnection, indices: [Int])] = []
        var neverSent = Set<Int>()
        for target in Set(targets) {
            let indices = targets.indices.filter { targets[$0] == target }
            // A node that does not answer: its commands go one by one below, after the map
            // is asked again (it may have failed over).
            guard let connection = try? await connection(to: target) else {
                neverSent.formUnion(indices)
                continue
            }
            batches.append((connection, indices))
        }
        await withTaskGroup(of: ([Int], [RESPValue]?).self) { group in
            for batch in batches {
                let sent = batch.indices.map { commands[$0] }
                group.addTask { [connection = batch.connection, indices = batch.indices] in
                    (indices, try? await connection.pipeline(sent, timeout: timeout))
                }
            }
            for await (indices, batchReplies) in group {
                guard let batchReplies else { continue }
                for (index, reply) in zip(indices, batchReplies) { replies[index] = reply }
            }
        }
        if replies.contains(where: { $0 == nil }) {
            // A batch was lost: resend what is safe to resend, alone and with retries; a write
            // whose outcome is unknown is reported as such rather than sent twice.
            _ = try? await loadTopology()
            for index in replies.indices where replies[index] == nil {
                guard neverSent.contains(index) || RetryPolicy.isSafeToResend(commands[index]) else {
                    throw RedisClientError.connectionClosed(mayHaveExecuted: true)
                }
                replies[index] = try await clusterSend(commands[index], timeout: timeout)
            }
        }
        var ordered: [RESPValue] = []
        for (index, reply) in replies.enumerated() {
            guard let reply, let redirection = Redirection(reply) else {
                ordered.append(reply ?? .null)
                continue
            }
            ordered.append(try await clusterSend(commands[index], timeout: timeout, after: redirection, from: targets[index]))
        }
        return ordered
    }

    /// The master of the slot (or, for a read with `--read-from replica|prefer-replica`, one
    /// of its replicas), or the current node for a keyless command or an uncovered slot
    /// (which then answers CLUSTERDOWN itself).
    private func route(_ slot: HashSlot?, reads: Bool = false) throws(RedisClientError) -> ConnectionOptions.Address {
        guard let slot, let shard = topology?.shard(of: slot) else { return options.address }
        if reads && options.readFrom != .primary {
            // Not `failed`. (`loading` is also what CLUSTER SHARDS says of a replica whose
            // offset the gossip has not carried yet, as on a fresh cluster: it is used.)
            let replicas = shard.replicas.filter { $0.health != "failed" && $0.health != "fail" }
            // Spread over the replicas by slot, so one key always reads from one of them.
            if !replicas.isEmpty { return replicas[slot.value % replicas.count].address }
            if options.readFrom == .replica {
                throw RedisClientError(
                    .clusterUnavailable,
                    "--read-from replica: slot \(slot) has no replica that has not failed (use prefer-replica to fall back to the master)")
            }
        }
        return shard.master?.address ?? options.address
    }

    private func follow(_ redirection: Redirection, from: ConnectionOptions.Address) -> (ConnectionOptions.Address, asking: Bool) {
        var host = redirection.host
        if host.isEmpty, case .tcp(let fromHost, _) = from { host = fromHost }
        if redirection.kind == .moved { topology?.move(redirection.slot, to: host, port: redirection.port) }
        return (.tcp(host: host, port: redirection.port), redirection.kind == .ask)
    }

    private func sendOnce(_ command: RedisCommand, to address: ConnectionOptions.Address, asking: Bool, timeout: Duration?) async throws
        -> RESPValue
    {
        let connection = try await connection(to: address)
        do {
            guard asking else { return try await connection.send(command, timeout: timeout) }
            let replies = try await connection.pipeline([["ASKING"], command], timeout: timeout)
            guard replies.count == 2 else { throw RedisClientError.connectionClosed(mayHaveExecuted: true) }
            return replies[1]
        } catch {
            if !connection.isActive { forget(address) }
            throw error
        }
    }

    /// An open connection to a node: the current one through `connect()`, others kept by
    /// address. A replica's connection says READONLY first, or it would answer MOVED.
    func connection(to address: ConnectionOptions.Address) async throws -> RedisConnection {
        if address == options.address { return try await connect() }
        if let existing = nodeConnections[address], existing.isActive { return existing }
        var nodeOptions = options
        nodeOptions.address = address
        let fresh = try await open(nodeOptions)
        if options.readFrom != .primary, topology?.shards.contains(where: { $0.replicas.contains { $0.address == address } }) == true {
            _ = try await fresh.send(["READONLY"], timeout: options.connectTimeout)
        }
        nodeConnections[address] = fresh
        return fresh
    }

    /// The node that served the last command becomes the current one (the prompt's).
    private func becomeCurrent(_ address: ConnectionOptions.Address) {
        guard address != options.address else { return }
        if let connection { nodeConnections[options.address] = connection }
        connection = nodeConnections.removeValue(forKey: address)
        options.address = address
    }

    private func forget(_ address: ConnectionOptions.Address) {
        if address == options.address { connection = nil } else { nodeConnections[address] = nil }
    }
}
