import Labs
import RESP
import RedisClient
import RedisCommands
import Synchronization
import TestSupport
import Testing
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// Cluster mode against a real local cluster (3 masters, 1 replica each), one per test.
@Suite(.needsRedis, .serialized) struct ClusterTests {
    /// Every byte a client sent and received, as text, to see what went over the wire.
    final class Wire: Sendable {
        final class Log: Sendable {
            let text = Mutex("")
        }

        private let log = Log()
        let tracer: WireTracer

        init() {
            let log = self.log
            tracer = WireTracer { _, bytes in log.text.withLock { $0 += String(decoding: bytes, as: UTF8.self) } }
            tracer.isEnabled = true
        }

        var seen: String { log.text.withLock { $0 } }
        func clear() { log.text.withLock { $0 = "" } }
    }

    static func tracedClient(_ cluster: LocalCluster, _ wire: Wire) -> RedisClient {
        var options = cluster.options
        options.commandTimeout = .seconds(10)
        return RedisClient(options, tracer: wire.tracer)
    }

    static func masters(_ client: RedisClient) async throws -> [ClusterTopology.Node] {
        try #require(try await client.clusterTopology()).masters
    }

    /// A key, made from `stem`, whose slot is served by `node`.
    static func key(_ stem: String, on node: ClusterTopology.Node, in topology: ClusterTopology) -> String {
        var index = 0
        while topology.master(of: HashSlot(key: "\(stem)\(index)"))?.port != node.port && index < 100_000 { index += 1 }
        return "\(stem)\(index)"
    }

    static func nodeID(_ client: RedisClient, _ node: ClusterTopology.Node) async throws -> String {
        try #require(try await client.send(["CLUSTER", "MYID"], to: node.address).string)
    }

    /// Marks `slot` as migrating from `source` and importing into `destination`, as the
    /// first step of a resharding; returns the destination's node ID.
    static func beginMigration(
        of slot: HashSlot, from source: ClusterTopology.Node, to destination: ClusterTopology.Node, admin: RedisClient
    ) async throws -> String {
        let (sourceID, destinationID) = (try await nodeID(admin, source), try await nodeID(admin, destination))
        _ = try await admin.send(["CLUSTER", "SETSLOT", "\(slot)", "IMPORTING", sourceID], to: destination.address)
        _ = try await admin.send(["CLUSTER", "SETSLOT", "\(slot)", "MIGRATING", destinationID], to: source.address)
        return destinationID
    }

    @Test func hashSlotsAgreeWithTheServer() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            var generator = SystemRandomNumberGenerator()
            let alphabet = Array("ab{}:x1".utf8)
            let keys = (0..<500).map { _ in
                String(
                    decoding: (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! },
                    as: UTF8.self)
            }
            let replies = try await client.pipeline(keys.map { ["CLUSTER", "KEYSLOT", $0] })
            for (key, reply) in zip(keys, replies) {
                #expect(reply.int == Int64(HashSlot(key: key).value), "\(key)")
            }
            await client.close()
        }
    }

    @Test func commandsGoToTheMasterOfTheirSlot() async throws {
        try await ClusterFixture.withCluster { cluster in
            let wire = Wire()
            let client = Self.tracedClient(cluster, wire)
            let topology = try #require(try await client.clusterTopology())
            #expect(topology.coveredSlots == HashSlot.count)
            #expect(topology.shards.count == 3 && topology.shards.allSatisfy { $0.replicas.count == 1 })
            for master in topology.masters {
                let key = Self.key("route", on: master, in: topology)
                #expect(try await client.send(["SET", key, "v\(master.port)"]) == .simpleString("OK"))
                // It is on that master, and the client followed no redirection to put it there.
                #expect(try await client.send(["GET", key], to: master.address).string == "v\(master.port)")
                #expect(await client.options.address == master.address)
            }
            #expect(!wire.seen.contains("MOVED") && !wire.seen.contains("ASK"))
            await client.close()
        }
    }

    @Test func movedAfterASlotMovesIsFollowedAndRemembered() async throws {
        try await ClusterFixture.withCluster { cluster in
            let wire = Wire()
            let client = Self.tracedClient(cluster, wire)
            let topology = try #require(try await client.clusterTopology())
            let (source, destination) = (topology.masters[0], topology.masters[1])
            let key = Self.key("moved:", on: source, in: topology)
            let slot = HashSlot(key: key)
            #expect(try await client.send(["GET", key]) == .null)
            // Move the (empty) slot with CLUSTER SETSLOT, behind the client's back.
            let admin = ClusterFixture.client(cluster)
            let destinationID = try await Self.beginMigration(of: slot, from: source, to: destination, admin: admin)
            for master in topology.masters {
                _ = try await admin.send(["CLUSTER", "SETSLOT", "\(slot)", "NODE", destinationID], to: master.address)
            }
            wire.clear()
            #expect(try await client.send(["SET", key, "moved"]) == .simpleString("OK"))
            #expect(wire.seen.contains("-MOVED \(slot) 127.0.0.1:\(destination.port)"))
            #expect(try await admin.send(["GET", key], to: destination.address).string == "moved")
            #expect(await client.lastSlot == slot)
            // The map was updated: the next command for that slot goes straight there.
            wire.clear()
            #expect(try await client.send(["GET", key]).string == "moved")
            #expect(!wire.seen.contains("MOVED"))
            await admin.close()
            await client.close()
        }
    }

    @Test func askDuringAMigrationSendsAskingToTheImportingNode() async throws {
        try await ClusterFixture.withCluster { cluster in
            let wire = Wire()
            let client = Self.tracedClient(cluster, wire)
            let topology = try #require(try await client.clusterTopology())
            let (source, destination) = (topology.masters[0], topology.masters[2])
            let key = Self.key("ask:", on: source, in: topology)
            let slot = HashSlot(key: key)
            #expect(try await client.send(["SET", key, "migrating"]) == .simpleString("OK"))
            let admin = ClusterFixture.client(cluster)
            _ = try await Self.beginMigration(of: slot, from: source, to: destination, admin: admin)
            let migrated = try await admin.send(
                ["MIGRATE", "127.0.0.1", "\(destination.port)", "", "0", "5000", "KEYS", key], to: source.address)
            #expect(migrated == .simpleString("OK"))
            wire.clear()
            #expect(try await client.send(["GET", key]).string == "migrating")
            #expect(wire.seen.contains("-ASK \(slot) 127.0.0.1:\(destination.port)"))
            #expect(wire.seen.contains("ASKING"))
            // ASK is for this once: the map still names the source, which still answers ASK.
            wire.clear()
            #expect(try await client.send(["GET", key]).string == "migrating")
            #expect(wire.seen.contains("-ASK"))
            await admin.close()
            await client.close()
        }
    }

    @Test func readsGoToReplicasWhenAsked() async throws {
        try await ClusterFixture.withCluster { cluster in
            let writer = ClusterFixture.client(cluster)
            let topology = try #require(try await writer.clusterTopology())
            let keys = topology.masters.map { Self.key("read", on: $0, in: topology) }
            for key in keys { #expect(try await writer.send(["SET", key, "v"]) == .simpleString("OK")) }
            for key in keys {
                #expect(try await writer.send(["WAIT", "1", "5000"], to: topology.master(of: HashSlot(key: key))!.address).int == 1)
            }
            for mode in [ConnectionOptions.ReadFrom.replica, .preferReplica] {
                let reader = ClusterFixture.client(cluster) { $0.readFrom = mode }
                for key in keys {
                    #expect(try await reader.send(["GET", key]).string == "v")
                    let replica = try #require(topology.shard(of: HashSlot(key: key))?.replicas.first)
                    #expect(await reader.options.address == replica.address, "\(mode) read of \(key)")
                    // A write still goes to the master.
                    #expect(try await reader.send(["SET", key, "v"]) == .simpleString("OK"))
                    #expect(await reader.options.address == topology.master(of: HashSlot(key: key))?.address)
                }
                await reader.close()
            }
            await writer.close()
        }
    }

    @Test func crossSlotCommandsAreRefusedBeforeSending() async throws {
        try await ClusterFixture.withCluster { cluster in
            let wire = Wire()
            let client = Self.tracedClient(cluster, wire)
            _ = try await client.send(["PING"])
            wire.clear()
            await #expect {
                try await client.send(["MSET", "foo", "1", "bar", "2"])
            } throws: { error in
                guard let error = error as? RedisClientError, error.code == .crossSlot else { return false }
                return error.message.contains("slot 12182") && error.message.contains("slot 5061")
            }
            #expect(!wire.seen.contains("MSET"))
            // With a hash tag they share a slot and go through.
            #expect(try await client.send(["MSET", "{foo}a", "1", "{foo}b", "2"]) == .simpleString("OK"))
            await client.close()
        }
    }

    @Test func aPipelineAcrossNodesComesBackInOrder() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            let keys = (0..<60).map { "pipe:\($0)" }
            #expect(Set(keys.map { HashSlot(key: $0).value / 5462 }).count == 3, "the keys should span all three masters")
            let writes = try await client.pipeline(keys.enumerated().map { ["SET", $1, "value \($0)"] } + [["PING"]])
            #expect(
                writes.count == 61 && writes.dropLast().allSatisfy { $0 == .simpleString("OK") } && writes.last == .simpleString("PONG"))
            var reads: [RedisCommand] = []
            for key in keys.reversed() { reads += [["GET", key], ["STRLEN", key]] }
            let replies = try await client.pipeline(reads)
            for (offset, key) in keys.reversed().enumerated() {
                let index = Int(key.dropFirst("pipe:".count))!
                #expect(replies[2 * offset].string == "value \(index)")
                #expect(replies[2 * offset + 1].int == Int64("value \(index)".count))
            }
            // MULTI and EXEC travel with the keys between them when these share a slot.
            let transaction = try await client.pipeline([["MULTI"], ["INCR", "{tx}n"], ["INCR", "{tx}n"], ["EXEC"]])
            #expect(transaction.last == .array([.integer(1), .integer(2)]))
            await client.close()
        }
    }

    @Test func serviceContinuesAfterAFailover() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            let topology = try #require(try await client.clusterTopology())
            let victim = topology.masters[1]
            let key = Self.key("failover", on: victim, in: topology)
            #expect(try await client.send(["SET", key, "kept"]) == .simpleString("OK"))
            // Wait until the replica has it, so the failover cannot lose it.
            #expect(try await client.send(["WAIT", "1", "5000"]).int == 1)
            let server = try #require(cluster.servers.first { $0.port == victim.port })
            kill(server.pid, SIGKILL)
            // At once, before the node timeout: the map still names the dead master. A
            // one-shot command says so and exits 1 (after the retries), rather than hang. On a
            // loaded machine the replica may already have taken over when rwb has started:
            // then the command is served by it.
            let survivor = try #require(topology.masters.first { $0.port != victim.port })
            let (answer, status) = try await TestShell.capture(
                "\(TestShell.quote(TestShell.rwbPath)) -c -p \(survivor.port) GET \(key) 2>&1")
            let text = String(decoding: answer, as: UTF8.self)
            if status == 0 {
                #expect(text == "kept\n")
            } else {
                #expect(status == 1)
                #expect(text == "Could not connect to Redis at 127.0.0.1:\(victim.port): Connection refused\n")
            }
            // Until a replica is promoted the slot has no master; then service resumes.
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(30)
            var value: String?
            while value == nil && clock.now < deadline {
                value = (try? await client.send(["GET", key]))?.string
                if value == nil { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(value == "kept")
            let after = try #require(try await client.clusterTopology())
            #expect(after.master(of: HashSlot(key: key))?.port != victim.port)
            await client.close()
        }
    }

    @Test func cleanAndLabsRemoveOnlyTheirPrefixOnEveryMaster() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            let ours = (0..<90).map { "rwb:clean:\($0)" }
            let theirs = (0..<30).map { "app:\($0)" }
            _ = try await client.pipeline((ours + theirs).map { ["SET", $0, "v"] })
            let topology = try #require(try await client.clusterTopology())
            for master in topology.masters {
                #expect(try await client.send(["DBSIZE"], to: master.address).int ?? 0 > 0, "keys on every master")
            }
            let output = BufferSink()
            let errors = BufferSink()
            let session = Session(settings: Session.Settings(mode: .raw), output: output, errors: errors)
            await session.use(cluster.options)
            _ = await session.run("PING", at: .prompt)
            _ = await session.run(".clean", at: .prompt)
            #expect(output.text.hasSuffix("removed 90 keys under rwb:\n"), "\(output.text)")
            let left = try await client.pipeline((ours + theirs).map { ["EXISTS", $0] }).map { $0.int ?? -1 }
            #expect(left == Array(repeating: 0, count: 90) + Array(repeating: 1, count: 30))
            // A lab on the cluster writes and removes only its own keys, on every master.
            let lab = await session.run(".lab cache-aside --quick --requests 200 --strategy lock", at: .prompt)
            #expect(lab.ok, "\(String(describing: lab.failure)) \(errors.text)")
            let afterLab = try await client.pipeline(theirs.map { ["EXISTS", $0] }).map { $0.int ?? -1 }
            #expect(afterLab == Array(repeating: 1, count: 30))
            for master in topology.masters {
                #expect(
                    try await client.send(["DBSIZE"], to: master.address).int ?? 0
                        == Int64(theirs.filter { topology.master(of: HashSlot(key: $0)) == master }.count))
            }
            let eviction = await session.run(".lab eviction --quick", at: .prompt)
            #expect(eviction.failure?.message.contains("not on a cluster") == true, "\(String(describing: eviction.failure))")
            await session.shutdown()
            await client.close()
        }
    }

    @Test func analyzeReadsEveryMasterAndItsTotalsAreMemoryUsageSummed() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            var writes: [RedisCommand] = []
            for index in 0..<300 {
                switch index % 3 {
                case 0: writes.append(["SET", "user:\(index)", String(repeating: "x", count: index)])
                case 1: writes.append(["HSET", "profile:\(index)", "name", "n\(index)", "plan", "free"])
                default: writes.append(["RPUSH", "queue:\(index)", "a", "b", "c"])
                }
            }
            _ = try await client.pipeline(writes)
            let keys = writes.map { $0.argument(1) ?? "" }
            let usage = try await client.pipeline(keys.map { ["MEMORY", "USAGE", $0] }).map { $0.int ?? 0 }
            let topology = try #require(try await client.clusterTopology())
            var perMaster: [String: Int64] = [:]
            for (key, bytes) in zip(keys, usage) { perMaster[topology.master(of: HashSlot(key: key))?.name ?? "?", default: 0] += bytes }

            let output = BufferSink()
            let errors = BufferSink()
            let session = Session(settings: Session.Settings(mode: .raw), output: output, errors: errors)
            await session.use(cluster.options)
            let result = await session.run(".analyze --json", at: .prompt)
            #expect(result.failure == nil, "\(errors.text)")
            let report = try #require(await session.lastLabReport)
            await session.shutdown()
            #expect(try ReportPath("keys_scanned").resolve(in: report).number == 300)
            #expect(try ReportPath("dbsize").resolve(in: report).number == 300)
            #expect(try ReportPath("total_bytes").resolve(in: report).number == Double(usage.reduce(0, +)))
            for master in topology.masters {
                let bytes = try ReportPath("nodes[node=\(master.name)].bytes").resolve(in: report).number
                #expect(bytes == Double(perMaster[master.name] ?? 0), "\(master.name)")
            }
            #expect(try ReportPath("by_type[name=hash].keys").resolve(in: report).number == 100)
            await client.close()
        }
    }

    @Test func everyNodeIsStoppedAfterwards() async throws {
        let pids = try await ClusterFixture.withCluster { cluster in cluster.servers.map(\.pid) }
        #expect(pids.count == 6)
        for pid in pids { #expect(kill(pid, 0) != 0, "pid \(pid) still running") }
    }

    @Test func oneShotMatchesRedisCliInClusterMode() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            _ = try await client.pipeline(RedisCliParityTests.setup)
            await client.close()
            // Commands whose keys share a slot: redis-cli -c sends a CROSSSLOT one anyway (and
            // prints the server's refusal); rwb refuses it before sending, with an explanation.
            let sameSlot = RedisCliParityTests.commands.filter { command in
                do {
                    _ = try CommandSlot.of(RedisCommand(command))
                    return true
                } catch {
                    return false
                }
            }
            #expect(sameSlot.count >= RedisCliParityTests.commands.count - 3)
            let port = try #require(cluster.servers[0].port)
            try await RedisCliParityTests.compare(port: port, flags: ["-c"], commands: sameSlot, tty: false)
            try await RedisCliParityTests.compare(port: port, flags: ["-c"], commands: sameSlot, tty: true)
        }
    }

    @Test func badClusterInputEndsWithOneMessageAndExitOne() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            let topology = try #require(try await client.clusterTopology())
            let port = try #require(cluster.servers[0].port)
            // A CROSSSLOT command: refused with the slots named, exit 1.
            let (crossSlot, crossStatus) = try await TestShell.capture(
                "\(TestShell.quote(TestShell.rwbPath)) -c -p \(port) MSET foo 1 bar 2 2>&1")
            #expect(crossStatus == 1)
            #expect(
                String(decoding: crossSlot, as: UTF8.self).hasPrefix(
                    "CROSSSLOT, not sent: the keys of MSET hash to different slots (foo → slot 12182, bar → slot 5061)"))
            // A redirection loop: one master hands a slot to another, which still thinks the
            // first one has it (CLUSTER SETSLOT … NODE on one side only).
            let (giver, taker) = (topology.masters[1], topology.masters[2])
            let loopKey = Self.key("loop", on: giver, in: topology)
            let takerID = try await Self.nodeID(client, taker)
            _ = try await client.send(["CLUSTER", "SETSLOT", "\(HashSlot(key: loopKey))", "NODE", takerID], to: giver.address)
            await #expect {
                try await client.send(["GET", loopKey])
            } throws: { error in
                guard let error = error as? RedisClientError, error.code == .tooManyRedirections else { return false }
                return error.message.hasPrefix("GET was redirected 5 times (last: MOVED to 127.0.0.1:")
            }
            let (looped, loopStatus) = try await TestShell.capture(
                "\(TestShell.quote(TestShell.rwbPath)) -c -p \(giver.port) GET \(loopKey) 2>&1")
            #expect(loopStatus == 1)
            #expect(String(decoding: looped, as: UTF8.self).hasPrefix("GET was redirected 5 times"))
            // A slot no node serves: the cluster goes to `fail`; CLUSTERDOWN after the retries.
            let victim = topology.masters[0]
            let key = Self.key("down", on: victim, in: topology)
            let slot = HashSlot(key: key)
            _ = try await client.send(["CLUSTER", "DELSLOTS", "\(slot)"], to: victim.address)
            let (down, downStatus) = try await TestShell.capture(
                "\(TestShell.quote(TestShell.rwbPath)) -c -p \(victim.port) GET \(key) 2>&1")
            #expect(downStatus == 1)
            #expect(String(decoding: down, as: UTF8.self).contains("CLUSTERDOWN"))
            // A node that is down at start-up.
            let server = try #require(cluster.servers.first { $0.port == victim.port })
            server.stop()
            let (refused, refusedStatus) = try await TestShell.capture(
                "\(TestShell.quote(TestShell.rwbPath)) -c -p \(victim.port) GET k 2>&1")
            #expect(refusedStatus == 1)
            #expect(
                String(decoding: refused, as: UTF8.self) == "Could not connect to Redis at 127.0.0.1:\(victim.port): Connection refused\n")
            await client.close()
        }
    }
}

/// Key positions from the catalog agree with the server's own `COMMAND GETKEYS`.
@Suite(.needsRedis) struct CommandKeysServerTests {
    @Test func positionsMatchCommandGetKeys() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            let commands: [[String]] = [
                ["GET", "k"], ["SET", "k", "v", "EX", "10"], ["MSET", "a", "1", "b", "2"], ["DEL", "a", "b"],
                ["EVAL", "return 1", "2", "k1", "k2", "arg"], ["FCALL", "f", "1", "k", "x"],
                ["XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"], ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
                ["ZUNIONSTORE", "dest", "2", "a", "b", "WEIGHTS", "1", "2"], ["LMPOP", "2", "a", "b", "LEFT"],
                ["BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"], ["OBJECT", "ENCODING", "k"], ["MEMORY", "USAGE", "k"],
                ["MIGRATE", "h", "1", "", "0", "5000", "KEYS", "a", "b"], ["MIGRATE", "h", "1", "k", "0", "5000"],
                ["SORT", "k", "LIMIT", "0", "1", "BY", "x", "GET", "y", "STORE", "d"],
                ["GEORADIUS", "g", "0", "0", "1", "km", "STORE", "d"],
                ["BITOP", "AND", "d", "a", "b"], ["RENAME", "a", "b"], ["SINTERCARD", "2", "a", "b", "LIMIT", "1"],
                ["ZADD", "z", "1", "m"], ["HSET", "h", "f", "v"], ["EXISTS", "a", "b", "c"], ["GETEX", "k", "PERSIST"],
            ]
            for command in commands {
                let reply = try await client.send(RedisCommand(["COMMAND", "GETKEYS"] + command))
                let fromServer = reply.elements?.compactMap(\.string) ?? []
                let ours = CommandKeys.keys(in: RedisCommand(command)).map { String(decoding: $0, as: UTF8.self) }
                #expect(ours == fromServer, "\(command)")
            }
            await client.close()
        }
    }
}
