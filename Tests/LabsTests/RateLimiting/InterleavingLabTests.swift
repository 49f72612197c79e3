import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// `--race`'s interleaving section on a real server: lockstep counts exact (the lab orders
/// every round trip), the free run held only to what holds whatever the timing.
@Suite(.needsRedis) struct InterleavingLabTests {
    /// allowed, over limit, needless denials, members left, round trips, shared counts.
    typealias Expected = (allowed: Double, over: Double, needless: Double, members: Double, roundTrips: Double, shared: Double?)

    private func line(race: Int, limit: Int) -> String {
        ".lab ratelimit --quick --duration 1s --keys 1 --algorithm sliding-log --race \(race) --limit \(limit) --json"
    }

    private func check(_ run: LabRun, _ way: String, _ expected: Expected, requests: Double) throws {
        let path = "interleaving.lockstep[way=\(way)]"
        #expect(try run.number("\(path).requests") == requests, "\(way)")
        #expect(try run.number("\(path).allowed") == expected.allowed, "\(way)")
        #expect(try run.number("\(path).over_limit_allows") == expected.over, "\(way)")
        #expect(try run.number("\(path).needless_denials") == expected.needless, "\(way)")
        #expect(try run.number("\(path).members_left") == expected.members, "\(way)")
        #expect(try run.number("\(path).round_trips_per_request") == expected.roundTrips, "\(way)")
        if let shared = expected.shared {
            #expect(try run.number("\(path).shared_counts") == shared, "\(way)")
        } else {
            #expect(throws: (any Error).self, "\(way) has no shared_counts") { try run.number("\(path).shared_counts") }
        }
    }

    @Test func lockstepCountsAreExactWhenTheAppServersOutnumberTheLimit() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(line(race: 20, limit: 10), on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            // Every ZADD lands before any ZCARD: all count 20 and deny (fails closed).
            try check(run, "tutorial-awaited", (0, 0, 10, 20, 4, 20), requests: 20)
            // Every ZCARD reads 0 before any ZADD: all add (fails open).
            try check(run, "check-then-add", (20, 10, 0, 20, 4, nil), requests: 20)
            try check(run, "tutorial-pipeline", (10, 0, 0, 20, 1, 0), requests: 20)
            try check(run, "multi", (10, 0, 0, 20, 1, 0), requests: 20)
            try check(run, "lua", (10, 0, 0, 10, 1, nil), requests: 20)
            let client = ServerFixture.client(server)
            #expect(try await client.call("DBSIZE").int == 0)
        }
    }

    @Test func lockstepCountsAreExactUnderTheLimit() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(line(race: 5, limit: 10), on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            // All five count 5 at once (shared), which is under the limit.
            try check(run, "tutorial-awaited", (5, 0, 0, 5, 4, 5), requests: 5)
            try check(run, "check-then-add", (5, 0, 0, 5, 4, nil), requests: 5)
            try check(run, "tutorial-pipeline", (5, 0, 0, 5, 1, 0), requests: 5)
            try check(run, "multi", (5, 0, 0, 5, 1, 0), requests: 5)
            try check(run, "lua", (5, 0, 0, 5, 1, nil), requests: 5)
        }
    }

    @Test func theFreeRunKeepsWhatHoldsWhateverTheTiming() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(line(race: 20, limit: 10), on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            func free(_ way: String, _ field: String) throws -> Double { try run.number("interleaving.free[way=\(way)].\(field)") }
            for way in InterleavingWay.allCases.map(\.rawValue) {
                #expect(try free(way, "requests") == 20)
                #expect(try free(way, "over_limit_allows") == max(0, try free(way, "allowed") - 10))
                #expect(try free(way, "needless_denials") == max(0, 10 - (try free(way, "allowed"))))
            }
            for way in ["multi", "lua"] {
                #expect(try free(way, "allowed") == 10, "\(way)")
            }
            #expect(try free("lua", "members_left") == 10)
            // Adding before counting never lets one past, however it interleaves.
            #expect(try free("tutorial-awaited", "over_limit_allows") == 0)
            #expect(try free("tutorial-pipeline", "over_limit_allows") == 0)
            for way in ["tutorial-awaited", "tutorial-pipeline", "multi"] {
                #expect(try free(way, "members_left") == 20, "\(way) logs denied requests too")
            }
            #expect(try free("multi", "shared_counts") == 0)
            // Only the allowed add, and the first ten to count always see room.
            let allowed = try free("check-then-add", "allowed")
            #expect(allowed >= 10)
            #expect(try free("check-then-add", "members_left") == allowed)
            #expect(try free("check-then-add", "round_trips_per_request") == (3 * 20 + allowed) / 20)
            #expect(try free("tutorial-awaited", "round_trips_per_request") == 4)
        }
    }

    @Test func theJSONNamesItsFieldsAndMarksTheFreeRunAsTimed() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(line(race: 4, limit: 2), on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            for field in [
                #""interleaving""#, #""app_servers": 4"#, #""lockstep""#, #""free""#, #""way": "check-then-add""#, #""over_limit_allows""#,
                #""needless_denials""#, #""members_left""#, #""round_trips_per_request""#, #""shared_counts""#, #""race""#,
                #""interleaving.free""#,
            ] {
                #expect(run.output.contains(field), "\(field)")
            }
            #expect(try run.number("interleaving.limit") == 2)
        }
    }
}
