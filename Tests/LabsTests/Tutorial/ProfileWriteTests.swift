import RedisClient
import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// The tutorial's cacheUserProfile (HSET, then EXPIRE): round trips counted per variant, and
/// a connection really cut between the two commands, the keys' TTLs read from the server.
@Suite(.needsRedis) struct HashProfilesWriteWindowTests {
    @Test func roundTripsAndTheCrashWindowPerVariant() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            try await client.call("SET", "app:key", "kept")
            let line =
                ".lab hash-profiles --quick --profiles 50 --layout hash --operations 10 --updates 5 --clients 2 --profile-writes 7 --ttl 600s"
            let run = await LabRun.run(line, on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(try run.number("profile_write.writes") == 7)
            #expect(try run.number("profile_write.ttl_seconds") == 600)
            // Hand count: the tutorial awaits HSET, then EXPIRE; a pipeline and MULTI/EXEC write
            // everything at once and read the replies at once; the script is one EVALSHA.
            let expected: [(String, Double, Double)] = [("two-round-trips", 2, 2), ("pipeline", 1, 2), ("multi-exec", 1, 4), ("lua", 1, 1)]
            for (method, trips, commands) in expected {
                let row = "profile_write.variants[method=\(method)]"
                #expect(try run.number("\(row).round_trips_per_write") == trips, "\(method)")
                #expect(try run.number("\(row).commands_per_write") == commands, "\(method)")
                // Written whole, every profile has its TTL.
                #expect(try run.number("\(row).keys_without_ttl") == 0, "\(method)")
                #expect(try run.number("\(row).keys_missing") == 0, "\(method)")
            }
            // Cut after HSET: the key is there with TTL -1 (the pipeline's one write torn at
            // the same point does the same); an open transaction is dropped; a script ran whole.
            let cut: [(String, Double, Double)] = [("two-round-trips", 7, 7), ("pipeline", 7, 7), ("multi-exec", 0, 0), ("lua", 7, 0)]
            for (method, keys, withoutTTL) in cut {
                let row = "profile_write.variants[method=\(method)]"
                #expect(try run.number("\(row).keys_after_crash") == keys, "\(method)")
                #expect(try run.number("\(row).keys_without_ttl_after_crash") == withoutTTL, "\(method)")
            }
            #expect(
                run.flatOutput.contains(
                    "the tutorial's cacheUserProfile (HSET, then EXPIRE) left 7 of 7 profiles with no TTL (TTL -1): they never expire"),
                "\(run.output)")
            // Cleaned up: only the application's key is left.
            #expect(try await client.call("DBSIZE") == .integer(1))
            await client.close()
        }
    }

    /// The cut, done here by hand on the server the same way: HSET answered, connection
    /// closed, TTL read from another connection.
    @Test func aConnectionClosedAfterHsetLeavesTTLMinusOne() async throws {
        try await ServerFixture.withServer { server in
            let doomed = ServerFixture.client(server)
            try await doomed.call("HSET", "p:1", "name", "Ada")
            await doomed.close()
            let reader = ServerFixture.client(server)
            #expect(try await reader.call("TTL", "p:1") == .integer(-1))
            await reader.close()
        }
    }

    @Test func profileWritesIsBoundedBothEnds() throws {
        let entry = try #require(LabCatalog.named("hash-profiles"))
        #expect(entry.problem(["--profile-writes", "0"])?.contains("from 1 to 10000") == true)
        #expect(entry.problem(["--profile-writes", "10001"])?.contains("from 1 to 10000") == true)
        #expect(entry.problem(["--profile-writes", "5"]) == nil)
    }

    private func report(crashLeft: Int) -> HashProfilesReport {
        var report = HashProfilesReport(profiles: 10, sampled: 10, thresholds: ListpackThresholds(entries: 512, value: 64))
        func variant(_ method: ProfileWriteMethod, _ trips: Double, keys: Int, without: Int) -> ProfileWriteVariant {
            ProfileWriteVariant(
                method: method, roundTripsPerWrite: trips, commandsPerWrite: 2, keysWithoutTTL: 0, keysMissing: 0, keysAfterCrash: keys,
                keysWithoutTTLAfterCrash: without)
        }
        report.profileWrite = ProfileWrite(
            writes: 5, ttlSeconds: 3600,
            variants: [
                variant(.twoRoundTrips, 2, keys: 5, without: crashLeft), variant(.pipeline, 1, keys: 5, without: crashLeft),
                variant(.multiExec, 1, keys: 0, without: 0), variant(.lua, 1, keys: 5, without: 0),
            ])
        return report
    }

    @Test func theSentenceFollowsTheCountedKeysWithoutTTL() {
        let left = HashProfilesExplanation.sentences(report(crashLeft: 3)).joined(separator: " ")
        #expect(
            left.contains(
                "Round trips per profile written: the tutorial's cacheUserProfile (HSET, then EXPIRE) 2, a pipeline 1, MULTI/EXEC 1 and a Lua script 1."
            ))
        #expect(
            left.contains(
                "the tutorial's cacheUserProfile (HSET, then EXPIRE) left 3 of 5 profiles with no TTL (TTL -1): they never expire."))
        #expect(
            left.contains("a pipeline left 3 of 5 profiles with no TTL (TTL -1): they never expire; one round trip is not one atomic step.")
        )
        #expect(
            left.contains(
                "Cut the same way, MULTI/EXEC left no key (nothing ran) and a Lua script left 5 with their TTL: no profile without a TTL."))
        let none = HashProfilesExplanation.sentences(report(crashLeft: 0)).joined(separator: " ")
        #expect(!none.contains("never expire"))
        #expect(
            none.contains(
                "Cut the same way, the tutorial's cacheUserProfile (HSET, then EXPIRE) left 5 with their TTL, a pipeline left 5 with their TTL"
            ))
    }
}
