import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// The sessions lab on real servers. A round is 3/5 of the TTL, so the ages the model reasons
/// about are on their sides of the TTL by 2/5 of it (400 ms here, room for a loaded machine)
/// and by processing only growing: the server's counts are held to the model's exactly, not
/// to times.
@Suite(.needsRedis) struct SessionsFigureTests {
    private let line = ".lab sessions --servers 3 --users 24 --rounds 8 --ttl 3s"

    @Test func theCarefulTouchesMatchTheModelAndMultiMakesZombies() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let before = try await client.call("DBSIZE").int
            let run = await LabRun.run(line, on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            // No pair of rounds ran a TTL long: the exact counts below hold by the schedule.
            #expect(try run.number("late_rounds") == 0)
            let raced = try run.number("model.expired_in_use")
            // The seed's schedule has slow requests whose sessions expire under them.
            #expect(raced > 0)
            for touch in ["expire", "lua"] {
                let path = "touches[touch=\(touch)]"
                #expect(try run.number("\(path).rounds_off_model") == 0, "\(touch)")
                #expect(try run.number("\(path).expired_in_use") == raced, "\(touch)")
                #expect(try run.number("\(path).zombies_created") == 0, "\(touch)")
                #expect(try run.number("\(path).zombie_reads") == 0, "\(touch)")
                #expect(try run.number("\(path).logins") == run.number("model.logins"), "\(touch)")
                #expect(try run.number("\(path).logouts") == run.number("model.logouts"), "\(touch)")
                // Every touch sent either extended a live session or found it gone.
                #expect(try run.number("\(path).touches") == run.number("model.touches") + raced, "\(touch)")
                #expect(try run.number("\(path).commands_per_touch") == 1, "\(touch)")
            }
            let multi = "touches[touch=multi]"
            #expect(try run.number("\(multi).zombies_created") > 0)
            #expect(try run.number("\(multi).rounds_off_model") > 0)
            #expect(try run.number("\(multi).commands_per_touch") == 4)
            // The first race of each user happens as in the model: at least that many zombies.
            #expect(try run.number("\(multi).expired_in_use") >= run.number("\(multi).zombies_created"))
            #expect(run.words.contains("expire and lua matched the model's answer in every round"))
            #expect(run.words.contains("multi's HSET recreated"))
            #expect(try await client.call("DBSIZE").int == before)
            await client.close()
        }
    }

    /// Kept keys read back by hand: each session's MEMORY USAGE summed equals the report's.
    @Test func memoryIsEachKeysMemoryUsageSummed() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let run = await LabRun.run(".lab sessions --touches lua --users 10 --rounds 1 --keep", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(try run.number("memory.sessions") == 10)
            var hash = 0
            var json = 0
            var length = 0
            for user in 0..<10 {
                let hashKey = "rwb:lab:sessions:memory:hash:u\(user)"
                let jsonKey = "rwb:lab:sessions:memory:json:u\(user)"
                hash += Int(try await client.call("MEMORY", "USAGE", hashKey, "SAMPLES", "0").int ?? -1_000_000)
                json += Int(try await client.call("MEMORY", "USAGE", jsonKey, "SAMPLES", "0").int ?? -1_000_000)
                length += Int(try await client.call("STRLEN", jsonKey).int ?? -1_000_000)
                #expect(try await client.call("HGET", hashKey, "user_id").string == "u\(user)")
            }
            #expect(try run.number("memory.hash_bytes") == Double(hash))
            #expect(try run.number("memory.json_bytes") == Double(json))
            #expect(try run.number("memory.json_payload_bytes") == Double(length))
            #expect(try run.number("memory.hash_bytes_per_session") == (Double(hash) / 10 * 10).rounded() / 10)
            await client.close()
        }
    }

    @Test func oneSeedGivesTheSameCounts() async throws {
        try await ServerFixture.withServer { server async throws in
            let small = ".lab sessions --seed 5 --touches multi,lua --servers 2 --users 12 --rounds 5 --ttl 3s"
            let first = await LabRun.run(small, on: server)
            let second = await LabRun.run(small, on: server)
            #expect(first.result.ok && second.result.ok, "\(first.errors) \(second.errors)")
            #expect(!first.stableJSON.isEmpty)
            #expect(first.stableJSON == second.stableJSON)
        }
    }
}
