import RESP
import Testing

@testable import RedisClient

@Suite struct ClusterParsingTests {
    @Test func redirections() throws {
        let moved = try #require(Redirection("MOVED 3999 127.0.0.1:6381"))
        #expect(moved.kind == .moved && moved.slot.value == 3999 && moved.host == "127.0.0.1" && moved.port == 6381)
        let ask = try #require(Redirection("ASK 12 ::1:7000"))
        #expect(ask.kind == .ask && ask.host == "::1" && ask.port == 7000 && ask.nodeName == "[::1]:7000")
        #expect(Redirection("MOVED 3999 :6381")?.host == "")
        #expect(Redirection("ERR unknown command") == nil)
        #expect(Redirection("MOVED 16384 127.0.0.1:6381") == nil)
        #expect(Redirection("MOVED 1 127.0.0.1") == nil)
        #expect(Redirection(RESPValue.simpleString("MOVED 1 h:1")) == nil)
        #expect(Redirection(RESPValue.simpleError("ASK 1 h:1"))?.kind == .ask)
    }

    static func node(_ id: String, _ port: Int64, _ role: String, offset: Int64 = 7) -> RESPValue {
        .array([
            .bulk("id"), .bulk(id), .bulk("port"), .integer(port), .bulk("ip"), .bulk("10.0.0.1"),
            .bulk("endpoint"), .bulk("127.0.0.1"), .bulk("role"), .bulk(role),
            .bulk("replication-offset"), .integer(offset), .bulk("health"), .bulk("online"),
        ])
    }

    @Test func clusterShardsInRESP2() throws {
        let reply = RESPValue.array([
            .array([
                .bulk("slots"), .array([.integer(0), .integer(99), .integer(200), .integer(16383)]),
                .bulk("nodes"), .array([Self.node("a", 7000, "master"), Self.node("b", 7003, "replica")]),
            ]),
            .array([.bulk("slots"), .array([.integer(100), .integer(199)]), .bulk("nodes"), .array([Self.node("c", 7001, "master")])]),
        ])
        let topology = try ClusterTopology.fromShards(reply)
        #expect(topology.shards.count == 2)
        #expect(topology.coveredSlots == 16384)
        #expect(topology.master(of: HashSlot(150)!)?.port == 7001)
        #expect(topology.master(of: HashSlot(16383)!)?.port == 7000)
        // The endpoint is what a client connects to, not the ip.
        #expect(topology.master(of: HashSlot(0)!)?.host == "127.0.0.1")
        #expect(topology.shards[0].replicas.map(\.port) == [7003])
        #expect(topology.shards[0].replicas.first?.replicationOffset == 7)
        #expect(topology.masters.map(\.port) == [7000, 7001])
    }

    @Test func clusterShardsInRESP3() throws {
        let node = RESPValue.map([
            RESPPair(.bulk("id"), .bulk("a")), RESPPair(.bulk("port"), .integer(7000)),
            RESPPair(.bulk("ip"), .bulk("127.0.0.1")), RESPPair(.bulk("role"), .bulk("master")),
        ])
        let shard = RESPValue.map([
            RESPPair(.bulk("slots"), .array([.integer(0), .integer(16383)])),
            RESPPair(.bulk("nodes"), .array([node])),
        ])
        let topology = try ClusterTopology.fromShards(.array([shard]))
        #expect(topology.master(of: HashSlot(key: "anything"))?.name == "127.0.0.1:7000")
    }

    @Test func clusterSlotsGroupsRangesByMaster() throws {
        func entry(_ low: Int64, _ high: Int64, _ ports: [Int64]) -> RESPValue {
            .array([.integer(low), .integer(high)] + ports.map { .array([.bulk("127.0.0.1"), .integer($0), .bulk("id\($0)")]) })
        }
        let topology = try ClusterTopology.fromSlots(
            .array([entry(0, 10, [7000, 7003]), entry(11, 20, [7001]), entry(21, 30, [7000, 7003])]))
        #expect(topology.shards.count == 2)
        #expect(topology.shards[0].slots == [0...10, 21...30])
        #expect(topology.coveredSlots == 31)
        #expect(topology.master(of: HashSlot(31)!) == nil)
        #expect(topology.shards[0].replicas.map(\.id) == ["id7003"])
    }

    @Test func malformedTopologiesAreErrors() {
        #expect(throws: ClusterTopology.ParseError.self) { try ClusterTopology.fromShards(.integer(1)) }
        #expect(throws: ClusterTopology.ParseError.self) { try ClusterTopology.fromShards(.array([.array([.bulk("slots")])])) }
        #expect(throws: ClusterTopology.ParseError.self) { try ClusterTopology.fromSlots(.array([.array([.integer(5), .integer(1)])])) }
    }

    @Test func movedUpdatesTheMap() throws {
        var topology = try ClusterTopology.fromSlots(
            .array([.array([.integer(0), .integer(16383), .array([.bulk("127.0.0.1"), .integer(7000)])])]))
        topology.move(HashSlot(5)!, to: "127.0.0.1", port: 7001)
        #expect(topology.master(of: HashSlot(5)!)?.port == 7001)
        #expect(topology.master(of: HashSlot(6)!)?.port == 7000)
        #expect(topology.coveredSlots == 16384)
    }

    @Test func crossSlotIsRefusedWithTheSlotsNamed() throws {
        #expect(try CommandSlot.of(["GET", "foo"]) == HashSlot(12182))
        #expect(try CommandSlot.of(["PING"]) == nil)
        #expect(try CommandSlot.of(["MSET", "{u}a", "1", "{u}b", "2"]) == HashSlot(key: "u"))
        do {
            _ = try CommandSlot.of(["MSET", "foo", "1", "bar", "2"])
            Issue.record("MSET across slots was not refused")
        } catch {
            #expect(error.code == .crossSlot)
            #expect(error.message.contains("foo → slot 12182") && error.message.contains("bar → slot 5061"))
            #expect(error.message.contains("{tag}foo and {tag}bar"))
        }
    }
}

extension RESPValue {
    static func bulk(_ text: String) -> RESPValue { .bulkString(RESPBytes(Array(text.utf8))) }
}
