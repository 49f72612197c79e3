import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// The lock lab on real servers, in conditions that force the outcome: a pause six times the
/// lease (every paused holder loses its lock, and the others, retrying every millisecond,
/// take it meanwhile), and a lease far longer than any section for the safe runs. Counts
/// are checked against each other (acquisitions, writes, the counter), not against times.
@Suite(.needsRedis) struct LockFigureTests {
    private let variants = ["del-release", "token-release", "fencing"]

    @Test func pausesLongerThanTheLeaseBreakTheLockAndFencingRefusesTheStaleHolder() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let before = try await client.call("DBSIZE").int
            let run = await LabRun.run(
                ".lab lock --workers 4 --rounds 8 --lease 50ms --work 20ms --pause 300ms --pause-every 4", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            for variant in variants {
                let paused = "variants[variant=\(variant)].paused"
                // 4 workers × 8 rounds, one pause in each block of 4 rounds of each worker.
                #expect(try run.number("\(paused).acquisitions") == 32, "\(variant)")
                #expect(try run.number("\(paused).pauses") == 8, "\(variant)")
                // 300 ms > 50 ms: every paused holder finds its lock gone at release.
                #expect(try run.number("\(paused).lock_lost_while_held") >= 8, "\(variant)")
                #expect(try run.number("\(paused).violations") > 0, "\(variant)")
                #expect(try run.number("\(paused).max_holders") >= 2, "\(variant)")
                let writes = try run.number("\(paused).writes_accepted")
                #expect(try run.number("\(paused).lost_increments") == writes - run.number("\(paused).final_counter"), "\(variant)")
            }
            let del = "variants[variant=del-release].paused"
            #expect(try run.number("\(del).wrong_deletions") > 0)
            #expect(try run.number("\(del).lost_increments") > 0)
            #expect(try run.number("\(del).writes_accepted") == 32)
            let token = "variants[variant=token-release].paused"
            #expect(try run.number("\(token).wrong_deletions") == 0)
            #expect(try run.number("\(token).lost_increments") > 0)
            let fencing = "variants[variant=fencing].paused"
            #expect(try run.number("\(fencing).wrong_deletions") == 0)
            #expect(try run.number("\(fencing).lost_increments") == 0)
            #expect(try run.number("\(fencing).stale_writes_refused") > 0)
            #expect(try run.number("\(fencing).final_counter") == run.number("\(fencing).writes_accepted"))
            // Every section either wrote or was refused.
            #expect(
                try run.number("\(fencing).writes_accepted") + run.number("\(fencing).stale_writes_refused")
                    + run.number("\(fencing).stale_reads_refused") == 32)
            #expect(run.words.contains("the release alone does not fix lease expiry"))
            #expect(run.words.contains("fencing protects the resource, not the critical section"))
            #expect(try await client.call("DBSIZE").int == before)
            await client.close()
        }
    }

    /// Sections far inside their lease, paused or not: no variant loses anything.
    @Test func withinTheLeaseEveryVariantIsSafe() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(
                ".lab lock --workers 3 --rounds 6 --lease 5s --work 5ms --pause 10ms --pause-every 3", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            for variant in variants {
                for name in ["paused", "control"] {
                    let outcome = "variants[variant=\(variant)].\(name)"
                    #expect(try run.number("\(outcome).acquisitions") == 18, "\(variant) \(name)")
                    #expect(try run.number("\(outcome).violations") == 0, "\(variant) \(name)")
                    #expect(try run.number("\(outcome).max_holders") == 1, "\(variant) \(name)")
                    #expect(try run.number("\(outcome).lock_lost_while_held") == 0, "\(variant) \(name)")
                    #expect(try run.number("\(outcome).wrong_deletions") == 0, "\(variant) \(name)")
                    #expect(try run.number("\(outcome).stale_writes_refused") == 0, "\(variant) \(name)")
                    #expect(try run.number("\(outcome).lost_increments") == 0, "\(variant) \(name)")
                    #expect(try run.number("\(outcome).final_counter") == 18, "\(variant) \(name)")
                }
                #expect(try run.number("variants[variant=\(variant)].control.pauses") == 0)
                #expect(try run.number("variants[variant=\(variant)].paused.pauses") == 6)
            }
            #expect(run.words.contains("every variant ran with 0 violations and 0 lost increments"))
        }
    }

    /// Options that make no sense together are refused with the reason.
    @Test func workAsLongAsTheLeaseIsRefused() async throws {
        try await ServerFixture.withServer { server async throws in
            let long = await LabRun.run(".lab lock --lease 50ms --work 50ms", on: server)
            #expect(!long.result.ok)
            let longMessage = (long.result.failure?.message ?? "") + long.errors
            #expect(longMessage.contains("shorter than --lease"), "{longMessage}")
            let sparse = await LabRun.run(".lab lock --rounds 3 --pause-every 4", on: server)
            #expect(!sparse.result.ok)
            let sparseMessage = (sparse.result.failure?.message ?? "") + sparse.errors
            #expect(sparseMessage.contains("no round would pause"), "{sparseMessage}")
        }
    }
}
