import Labs
import RESP
import RedisClient
import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// The queue lab's counts on real servers, against what the crashes were built to do: a
/// consumer that dies before the work loses its message under BRPOP and nowhere else; one
/// that dies after the work and before LREM/XACK makes the others do it twice; with no
/// crash nothing is lost or doubled. The keys are gone afterwards and DBSIZE is back.
@Suite(.needsRedis) struct QueueFigureTests {
    private func run(_ options: String, on server: ThrowawayServer) async throws -> LabRun {
        let client = ServerFixture.client(server)
        // A key of someone else's, which the lab must leave alone.
        try await client.call("SET", "someone:else", "1")
        let before = try await client.call("DBSIZE").int
        let run = await LabRun.run(".lab queue \(options)", on: server)
        #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
        #expect(try await client.call("DBSIZE").int == before)
        #expect(try await client.call("GET", "someone:else").string == "1")
        await client.close()
        return run
    }

    @Test func aCrashBeforeTheWorkLosesTheMessageOnlyUnderBRPOP() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = try await run("--messages 200 --consumers 3 --kills 5 --crash-at received", on: server)
            #expect(try run.number("designs[design=brpop].lost") == 5)
            #expect(try run.number("designs[design=brpop].processed") == 195)
            #expect(try run.number("designs[design=brpop].crashes_before_work") == 5)
            for design in ["brpop", "lmove", "stream"] {
                #expect(try run.number("designs[design=\(design)].duplicates") == 0, "\(design)")
                #expect(try run.number("designs[design=\(design)].crashes") == 5, "\(design)")
                // Three consumers and one replacement per crash; lmove adds its recovery consumer.
                #expect(try run.number("designs[design=\(design)].consumers_started") == (design == "lmove" ? 9 : 8), "\(design)")
            }
            for design in ["lmove", "stream"] {
                #expect(try run.number("designs[design=\(design)].lost") == 0, "\(design)")
                #expect(try run.number("designs[design=\(design)].processed") == 200, "\(design)")
                #expect(try run.number("designs[design=\(design)].held_before_recovery") == 5, "\(design)")
                #expect(try run.number("designs[design=\(design)].recovered") == 5, "\(design)")
                #expect(try run.number("designs[design=\(design)].held_after_recovery") == 0, "\(design)")
            }
            #expect(try run.number("designs[design=stream].oldest_idle_ms") >= 100)
            #expect(run.words.contains("brpop lost 5 of 200 messages: each crash after BRPOP took its message with it"))
        }
    }

    @Test func aCrashAfterTheWorkIsRepeatedByTheSafeDesigns() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = try await run("--messages 150 --consumers 2 --kills 4 --crash-at processed --claim-idle 20ms", on: server)
            #expect(try run.number("designs[design=brpop].lost") == 0)
            #expect(try run.number("designs[design=brpop].duplicates") == 0)
            #expect(try run.number("designs[design=brpop].held_before_recovery") == 0)
            for design in ["lmove", "stream"] {
                #expect(try run.number("designs[design=\(design)].lost") == 0, "\(design)")
                #expect(try run.number("designs[design=\(design)].duplicates") == 4, "\(design)")
                #expect(try run.number("designs[design=\(design)].held_before_recovery") == 4, "\(design)")
                #expect(try run.number("designs[design=\(design)].recovered") == 4, "\(design)")
            }
            #expect(try run.number("claim_idle_ms") == 20)
            #expect(run.words.contains("stream did the work of 4 messages twice"))
        }
    }

    /// Alternating crash points on one consumer: the first, third, … crash before the work.
    @Test func bothCrashPointsSplitTheCrashes() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = try await run("--messages 100 --consumers 1 --kills 5", on: server)
            #expect(try run.number("designs[design=brpop].lost") == 3)
            #expect(try run.number("designs[design=lmove].duplicates") == 2)
            #expect(try run.number("designs[design=stream].duplicates") == 2)
            #expect(try run.number("designs[design=stream].lost") == 0)
            // Counts fixed by the seed: a second run reports them identically.
            let again = try await self.run("--messages 100 --consumers 1 --kills 5", on: server)
            #expect(again.stableJSON == run.stableJSON)
        }
    }

    @Test func withoutCrashesNothingIsLostOrDoubled() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = try await run("--messages 300 --consumers 4 --kills 0", on: server)
            for design in ["brpop", "lmove", "stream"] {
                for field in ["lost", "duplicates", "crashes", "held_before_recovery", "recovered"] {
                    #expect(try run.number("designs[design=\(design)].\(field)") == 0, "\(design) \(field)")
                }
                #expect(try run.number("designs[design=\(design)].processed") == 300, "\(design)")
                #expect(try run.number("designs[design=\(design)].messages_per_second") > 0, "\(design)")
            }
            #expect(run.words.contains("With no consumer dying, brpop, lmove and stream each processed all 300 messages exactly once."))
            #expect(!run.words.contains("brpop lost"))
        }
    }

    @Test func optionsADesignWouldIgnoreAreRefused() throws {
        let entry = try #require(LabCatalog.named("queue"))
        #expect(entry.problem(["--kills", "0", "--crash-at", "received"])?.contains("with --kills 0 no consumer dies") == true)
        #expect(entry.problem(["--designs", "brpop,lmove", "--claim-idle", "50ms"])?.contains("only the stream design") == true)
        #expect(entry.problem(["--messages", "5", "--kills", "6"])?.contains("at most one per message") == true)
        #expect(entry.problem(["--consumers", "65"])?.contains("from 1 to 64") == true)
        #expect(entry.problem(["--designs", "stream", "--claim-idle", "50ms"]) == nil)
        let options = try QueueOptions.parse(["--designs", "stream,brpop"])
        #expect(try QueueSpec.lab(from: options, quick: true).designs == [.stream, .brpop])
    }
}
