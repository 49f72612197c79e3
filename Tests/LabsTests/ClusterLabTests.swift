import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// The labs on a real local cluster: their counted figures, where their keys went, and what
/// they leave behind.
@Suite(.needsRedis, .serialized) struct ClusterLabTests {
    static let lines = [
        ".lab cache-aside --quick --clients 1 --requests 500 --seed 42 --json",
        ".lab ratelimit --quick --keys 3 --skew 40 --json --seed 8",
    ]
    static let hashProfiles = ".lab hash-profiles --quick --profiles 300 --operations 20 --updates 10 --clients 2 --seed 5 --json"

    /// Routing changes where the keys live, not what a lab counts: the same seed gives the
    /// same report on a cluster as on one server (fields that vary between any two runs
    /// aside), and the cluster is left as empty as it was found. (hash-profiles: below.)
    @Test func eachLabCountsTheSameOnAClusterAsOnOneServer() async throws {
        var single: [LabRun] = []
        try await ServerFixture.withServer { server in
            for line in Self.lines { single.append(await LabRun.run(line, on: server)) }
        }
        try await ClusterFixture.withCluster { cluster in
            for (line, alone) in zip(Self.lines, single) {
                let run = await LabRun.run(line, options: cluster.options)
                #expect(run.result.ok, "\(line): \(run.result.failure?.message ?? "") \(run.errors)")
                #expect(alone.result.ok)
                #expect(!alone.stableJSON.isEmpty)
                #expect(run.stableJSON(without: ["cluster"]) == alone.stableJSON, "\(line)")
                #expect(try run.number("cluster.masters") == 3)
            }
            let client = ClusterFixture.client(cluster)
            let topology = try #require(try await client.clusterTopology())
            for master in topology.masters {
                #expect(try await client.send(["DBSIZE"], to: master.address) == .integer(0), "\(master.name)")
            }
            await client.close()
        }
    }

    /// The spread the report shows per node against what each master says itself: the
    /// commands the router counted there against INFO commandstats' deltas on that master,
    /// and the keys it named there against DBSIZE on that master once the run is over (kept
    /// with --keep). none and naive only, on a warmed cache with no missing ids: their routed
    /// commands are SCRIPT LOAD, GET, SET and PTTL (the warmed keys' expiries, read back after
    /// the warm-up) alone (no script runs, so the server counts no command of a script's),
    /// and every key named is a key stored (the products and the
    /// featured list, warmed; nothing expires in 60 s). INFO, SCAN and UNLINK go to each master
    /// outside the router, and are left out on both sides.
    @Test func theSpreadPerNodeIsWhatEachMasterCounted() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            let topology = try #require(try await client.clusterTopology())
            func calls() async throws -> [String: [String: Int64]] {
                var perNode: [String: [String: Int64]] = [:]
                for master in topology.masters {
                    perNode[master.name] =
                        ServerInfo(try await client.send(["INFO", "commandstats"], to: master.address).string ?? "").commandCalls
                }
                return perNode
            }
            let before = try await calls()
            let run = await LabRun.run(
                ".lab cache-aside --quick --clients 2 --requests 500 --missing-ratio 0 --write-ratio 0 --strategy none,naive --keep --json",
                options: cluster.options)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let after = try await calls()
            let nodes = try #require(run.report?["cluster"]?["nodes"]?.rows)
            #expect(nodes.count == 3)
            var keys = 0
            for master in topology.masters {
                let node = try #require(nodes.first { $0["node"]?.text == master.name }, "\(master.name)")
                let ran = ["get", "set", "script|load", "pttl"].reduce(Int64(0)) { total, name in
                    total + (after[master.name]?[name] ?? 0) - (before[master.name]?[name] ?? 0)
                }
                #expect(node["commands"]?.number == Double(ran), "\(master.name)")
                let held = try await client.send(["DBSIZE"], to: master.address).int ?? -1
                #expect(node["keys"]?.number == Double(held), "\(master.name)")
                #expect(held > 0)
                keys += Int(held)
            }
            // 1,000 products and the featured list.
            #expect(keys == 1001)
            await client.close()
        }
    }

    /// A key costs a cluster node a fixed number of bytes more than one server: Redis 7.0
    /// links each key into its slot's key list (two pointers in the dict entry's metadata),
    /// and MEMORY USAGE counts them. The hash-profiles lab shows it in every layout; its
    /// other counted figures are the same as on one server.
    @Test func aKeyCostsAClusterNodeSixteenBytesMore() async throws {
        let line = Self.hashProfiles
        let alone = try await ServerFixture.withServer { server in await LabRun.run(line, on: server) }
        let clustered = try await ClusterFixture.withCluster { cluster in await LabRun.run(line, options: cluster.options) }
        #expect(alone.result.ok && clustered.result.ok, "\(clustered.errors)")
        func difference(_ path: String) throws -> Double { try clustered.number(path) - alone.number(path) }
        let perKey = try difference("layouts[layout=hash].bytes_per_profile")
        if try #require(alone.report?["server"]?["version"]?.text).hasPrefix("7.0.") { #expect(perKey == 16) }
        #expect(try difference("layouts[layout=json].bytes_per_profile") == perKey)
        #expect(try difference("layouts[layout=fields].bytes_per_profile") == 4 * perKey)
        for size in ["value_at_limit", "value_over_limit", "entries_at_limit", "entries_over_limit"] {
            #expect(try difference("cliff.\(size).bytes") == perKey, "\(size)")
        }
        // The bucketed layout shares one key among many profiles: under a byte a profile.
        #expect(try difference("layouts[layout=bucketed].bytes_per_profile") <= 1)
        let stable = ["cluster", "layouts", "cliff"]
        #expect(clustered.stableJSON(without: stable) == alone.stableJSON(without: stable))
    }

    /// The lab router writes each command to its slot's master: a pipeline's replies come
    /// back in order, a command sent without waiting precedes the next on its node, a
    /// transaction's MULTI and EXEC follow its keys, SCRIPT LOAD reaches every master, a
    /// pipeline spanning slots in one command sends nothing; and what the router counted per
    /// node is what each node's INFO commandstats counted.
    @Test func theRouterSendsEachCommandToItsSlotsMasterAndCountsIt() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            let topology = try #require(try await client.clusterTopology())
            let traffic = ClusterTraffic(topology)
            var options = cluster.options
            options.commandTimeout = .seconds(10)
            let connection = try await ClusterLabConnection.connect(options, traffic: traffic)
            func calls() async throws -> [[String: Int64]] {
                var perNode: [[String: Int64]] = []
                for master in traffic.masters {
                    let text = try await client.send(["INFO", "commandstats"], to: master.address).string ?? ""
                    perNode.append(ServerInfo(text).commandCalls)
                }
                return perNode
            }
            let before = try await calls()

            let keys = (0..<300).map { "test:router:\($0)" }
            let replies = try await connection.pipeline(
                keys.map { RedisCommand("SET", $0, "v" + $0) } + keys.map { RedisCommand("GET", $0) })
            #expect(Array(replies.suffix(300)) == keys.map { RESPValue.bulk("v" + $0) })
            connection.sendWithoutWaiting(RedisCommand("SET", "test:router:late", "written"))
            #expect(try await connection.send(RedisCommand("GET", "test:router:late")) == .bulk("written"))
            let pending = connection.submit([
                RedisCommand("INCR", "test:{n}:a"), RedisCommand("INCR", "test:{m}:b"), RedisCommand("INCR", "test:{n}:a"),
            ])
            #expect(try await pending.replies == [.integer(1), .integer(1), .integer(2)])
            try await connection.call("WATCH", "test:{tx}:a")
            let transaction = try await connection.pipeline([
                RedisCommand("MULTI"), RedisCommand("SET", "test:{tx}:a", "1"), RedisCommand("SET", "test:{tx}:b", "2"),
                RedisCommand("EXEC"),
            ])
            #expect(transaction.last == .array([.simpleString("OK"), .simpleString("OK")]))
            // (No redis.call inside: the server would count its commands too.)
            let script = LuaScript("return KEYS[1]")
            try await script.load(on: connection)
            for key in ["test:router:1", "test:router:2", "test:router:3"] {
                #expect(try await script.call(keys: [key], arguments: [], on: connection) == .bulk(key))
            }
            await #expect(throws: RedisClientError.self) {
                _ = try await connection.pipeline([
                    RedisCommand("SET", "test:refused", "x"), RedisCommand("MSET", "test:a", "1", "test:b", "2"),
                ])
            }

            let after = try await calls()
            let routed = traffic.commandsByName
            for (index, master) in traffic.masters.enumerated() {
                for (name, count) in routed[index] {
                    let server = name == "SCRIPT" ? "script|load" : name.lowercased()
                    #expect((after[index][server] ?? 0) - (before[index][server] ?? 0) == Int64(count), "\(master.name) \(name)")
                }
                #expect(routed[index]["SCRIPT"] == 1, "SCRIPT LOAD on \(master.name)")
            }
            #expect(routed.reduce(0) { $0 + ($1["SET"] ?? 0) } == 300 + 1 + 2)
            #expect(try await client.send(RedisCommand("EXISTS", "test:refused")) == .integer(0))
            #expect(traffic.spread.keys == 300 + 1 + 2 + 2)
            await connection.close()
            await client.close()
        }
    }

    /// Each rate-limit identifier's keys carry its tag, so they sit on the master serving the
    /// tag's slot: the keys per node follow from CRC16 of `id0`, `id1`, … alone.
    @Test func rateLimitKeysGoWhereTheirTagsHash() async throws {
        try await ClusterFixture.withCluster { cluster in
            let identifiers = 12
            let run = await LabRun.run(".lab ratelimit --quick --keys \(identifiers) --json --seed 3", options: cluster.options)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let client = ClusterFixture.client(cluster)
            let topology = try #require(try await client.clusterTopology())
            await client.close()
            let keys = Int(try run.number("cluster.keys"))
            #expect(keys % identifiers == 0 && keys >= identifiers * 7, "\(keys) keys for \(identifiers) identifiers")
            #expect(try run.number("cluster.tag_groups") == Double(identifiers))
            #expect(try run.number("cluster.tagged_keys") == Double(keys))
            let nodes = try #require(run.report?["cluster"]?["nodes"]?.rows)
            #expect(nodes.count == topology.masters.count)
            for node in nodes {
                let name = node["node"]?.text ?? ""
                let here = (0..<identifiers).filter { topology.master(of: HashSlot(key: "id\($0)"))?.name == name }.count
                #expect(node["tag_groups"]?.number == Double(here), "\(name)")
                #expect(node["slots_used"]?.number == Double(here), "\(name)")
                #expect(node["keys"]?.number == Double(here * keys / identifiers), "\(name)")
            }
        }
    }

    /// The text report ends with the spread and a sentence built from it; the eviction lab,
    /// which sets one server's maxmemory, is refused on a cluster.
    @Test func theSpreadIsShownAndTheEvictionLabIsRefused() async throws {
        try await ClusterFixture.withCluster { cluster in
            let run = await LabRun.run(".lab cache-aside --quick --requests 200 --strategy lock", options: cluster.options)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(run.output.contains("(a cluster of 3 masters)"))
            #expect(run.output.contains("Across the cluster"))
            let keys = Int(try run.number("cluster.keys"))
            let grouped = keys >= 1000 ? "\(keys / 1000),\(String(keys % 1000 + 1000).dropFirst())" : "\(keys)"
            #expect(run.output.contains("of the \(grouped) keys the lab named"))
            let eviction = await LabRun.run(".lab eviction --quick", options: cluster.options)
            #expect(eviction.result.failure?.message.contains("not on a cluster") == true)
        }
    }
}

extension ReportValue {
    fileprivate var rows: [ReportValue]? {
        if case .array(let rows) = self { return rows }
        return nil
    }
}
