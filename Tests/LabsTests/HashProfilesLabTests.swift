import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// The hash-profiles lab on a real server.
@Suite(.needsRedis) struct HashProfilesLabTests {
    @Test func layoutsCliffAndLostUpdates() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            try await client.call("SET", "app:key", "kept")
            let run = await LabRun.run(".lab hash-profiles --quick --profiles 600 --operations 50 --updates 60 --json", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            // Layouts, with the encodings Redis chose.
            #expect(try run.report.map { try ReportPath("layouts[layout=hash].encoding").resolve(in: $0) } == .string("listpack"))
            #expect(try run.report.map { try ReportPath("layouts[layout=bucketed].encoding").resolve(in: $0) } == .string("listpack"))
            #expect(try run.number("layouts[layout=bucketed].bytes_per_profile") < run.number("layouts[layout=hash].bytes_per_profile"))
            #expect(try run.number("layouts[layout=fields].keys_per_profile") == 4)
            // 512 entries at four fields a profile: buckets of 128, so 600 profiles fill 5.
            #expect(try run.number("layouts[layout=bucketed].profiles_per_bucket") == 120)
            // Reading one field of the JSON layout moves the whole value.
            #expect(try run.number("layouts[layout=json].read_field_wire_bytes") > run.number("layouts[layout=hash].read_field_wire_bytes"))
            // The cliff, on the limits the server reports (512 entries, 64-byte values on 7.0).
            let limit = try run.number("cliff.value_at_limit.size")
            #expect(limit == 64)
            #expect(try run.report.map { try ReportPath("cliff.value_at_limit.encoding").resolve(in: $0) } == .string("listpack"))
            #expect(try run.report.map { try ReportPath("cliff.value_over_limit.encoding").resolve(in: $0) } == .string("hashtable"))
            #expect(try run.report.map { try ReportPath("cliff.entries_over_limit.encoding").resolve(in: $0) } == .string("hashtable"))
            #expect(try run.number("cliff.value_over_limit.bytes") > run.number("cliff.value_at_limit.bytes"))
            // Lost updates: only read-modify-write of a JSON string loses them.
            #expect(try run.number("lost_updates.json_rmw.lost") > 0)
            for method in ["hincrby", "watch_multi", "lua"] {
                #expect(try run.number("lost_updates.\(method).lost") == 0, "\(method)")
                #expect(try run.number("lost_updates.\(method).final_value") == 8 * 60, "\(method)")
            }
            #expect(try run.number("lost_updates.watch_multi.retries") > 0)
            #expect(try await client.call("DBSIZE") == .integer(1))
            await client.close()
        }
    }

    @Test func bucketsFollowTheServersEntryLimit() async throws {
        try await ServerFixture.withServer(arguments: ["--hash-max-listpack-entries", "40"]) { server async throws in
            let run = await LabRun.run(".lab hash-profiles --quick --profiles 95 --layout bucketed --operations 10 --updates 5", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "")")
            // 40 fields at four a profile: 10 profiles a bucket, 95 profiles in 10 buckets.
            #expect(try run.number("layouts[layout=bucketed].profiles_per_bucket") == 9.5)
            #expect(try run.report.map { try ReportPath("layouts[layout=bucketed].encoding").resolve(in: $0) } == .string("listpack"))
        }
    }

    @Test func memoryFiguresRepeatForTheSameSeed() async throws {
        try await ServerFixture.withServer { server async throws in
            let line = ".lab hash-profiles --quick --profiles 300 --operations 20 --updates 10 --clients 2 --seed 5"
            let first = await LabRun.run(line, on: server)
            let second = await LabRun.run(line, on: server)
            #expect(first.result.ok && second.result.ok)
            #expect(first.stableJSON == second.stableJSON)
        }
    }
}
