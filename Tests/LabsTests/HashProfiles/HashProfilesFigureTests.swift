import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

@testable import Labs

/// hash-profiles' figures against counts made without the lab: the encodings Redis reports
/// for hashes the test builds at and over the limits, the expires table's size from Redis's
/// own layout, and an update's bytes on the wire written out by hand.
@Suite(.needsRedis) struct HashProfilesFigureTests {
    /// On a server with small limits (values of 20 bytes, 16 entries), hashes the test builds
    /// itself switch from listpack to hashtable exactly where the lab says its cliff is.
    @Test func theCliffIsWhereRedisSwitchesEncodings() async throws {
        try await ServerFixture.withServer(arguments: ["--hash-max-listpack-value", "20", "--hash-max-listpack-entries", "16"]) {
            server async throws in
            let run = await LabRun.run(
                ".lab hash-profiles --quick --profiles 50 --layout hash --operations 10 --updates 5 --json", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "")")
            let client = ServerFixture.client(server)
            func encoding(value: Int, entries: Int) async throws -> String {
                try await client.call("DEL", "test:cliff")
                let fields = ["f0", String(repeating: "n", count: value)] + (1..<entries).flatMap { ["f\($0)", "1"] }
                try await client.call(RedisCommand(["HSET", "test:cliff"] + fields))
                return try await client.call("OBJECT", "ENCODING", "test:cliff").string ?? "?"
            }
            let valueAt = try run.number("cliff.value_at_limit.size")
            let entriesAt = try run.number("cliff.entries_at_limit.size")
            #expect(try await encoding(value: Int(valueAt), entries: 4) == "listpack")
            #expect(try await encoding(value: Int(valueAt) + 1, entries: 4) == "hashtable")
            #expect(try await encoding(value: 8, entries: Int(entriesAt)) == "listpack")
            #expect(try await encoding(value: 8, entries: Int(entriesAt) + 1) == "hashtable")
            // And the lab's own probes say the same.
            for (side, expected) in [
                ("value_at_limit", "listpack"), ("value_over_limit", "hashtable"), ("entries_at_limit", "listpack"),
                ("entries_over_limit", "hashtable"),
            ] {
                #expect(try run.report.map { try ReportPath("cliff.\(side).encoding").resolve(in: $0) } == .string(expected), "\(side)")
            }
            #expect(try run.number("cliff.value_over_limit.size") == valueAt + 1)
            #expect(try run.number("cliff.entries_over_limit.size") == entriesAt + 1)
            await client.close()
        }
    }

    /// A TTL adds an entry to the database's expires table. MEMORY STATS counts that table as
    /// entries × sizeof(dictEntry) (24 bytes) + slots × a pointer (8 bytes), the slots being
    /// the smallest power of two that holds every key (at least 4). So for K keys and P
    /// profiles: (24·K + 8·slots(K)) / P a profile, give or take the emptied table of an
    /// earlier layout (4 slots, 32 bytes) and the rounding to a tenth.
    @Test func ttlOverheadIsTheExpiresTablesEntriesAndSlots() async throws {
        try await ServerFixture.withServer { server async throws in
            let profiles = 600
            let run = await LabRun.run(".lab hash-profiles --quick --profiles \(profiles) --operations 10 --updates 5 --json", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            func slots(_ keys: Int) -> Int {
                var size = 4
                while size < keys { size *= 2 }
                return size
            }
            // 512 entries a bucket at four fields a profile: buckets of 128 profiles.
            let keys = ["hash": profiles, "json": profiles, "fields": 4 * profiles, "bucketed": (profiles + 127) / 128]
            for (layout, count) in keys {
                let byHand = Double(24 * count + 8 * slots(count)) / Double(profiles)
                let reported = try run.number("layouts[layout=\(layout)].ttl_overhead_bytes")
                #expect(abs(reported - byHand) <= 32 / Double(profiles) + 0.05, "\(layout): \(reported), by hand \(byHand)")
            }
        }
    }

    /// The first timed update, written out in RESP by hand: which profile and which plan are
    /// the lab's draws (stream 0x7E of the seed: a profile, then a plan), replayed here. HSET
    /// of a field that exists answers :0; SET answers +OK.
    @Test func updateWireBytesAreTheCommandAndItsReplyInRESP() async throws {
        try await ServerFixture.withServer { server async throws in
            let profiles = 300
            let seed: UInt64 = 11
            let run = await LabRun.run(
                ".lab hash-profiles --quick --profiles \(profiles) --operations 10 --updates 5 --seed \(seed) --json", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            var generator = SeededGenerator(seed: seed).split(0x7E)
            let id = generator.index(below: profiles) + 1
            let plan = ["free", "pro", "team"][generator.index(below: 3)]
            func bulk(_ text: String) -> String { "$\(text.utf8.count)\r\n\(text)\r\n" }
            func command(_ words: String...) -> String { "*\(words.count)\r\n" + words.map(bulk).joined() }
            let prefix = "rwb:lab:hash-profiles:"
            let byHand = [
                "hash": command("HSET", prefix + "h:\(id)", "plan", plan) + ":0\r\n",
                "fields": command("SET", prefix + "f:{\(id)}:plan", plan) + "+OK\r\n",
                "bucketed": command("HSET", prefix + "b:\((id - 1) / 128)", "\(id):p", plan) + ":0\r\n",
            ]
            for (layout, wire) in byHand {
                #expect(
                    try run.number("layouts[layout=\(layout)].update_field_wire_bytes") == Double(wire.utf8.count),
                    "\(layout): \(wire.debugDescription)")
            }
        }
    }
}
