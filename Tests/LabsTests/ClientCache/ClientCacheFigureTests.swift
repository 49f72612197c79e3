import RESP
import RedisClient
import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// The client-cache lab on a real server against the in-process model of its workload: in
/// lockstep every count matches it, a TTL cache serves the stale reads the model predicts
/// and tracking none; running freely every read is a hit or a GET. Keys gone, DBSIZE back.
@Suite(.needsRedis) struct ClientCacheFigureTests {
    static let line = "--seed 7 --readers 3 --keys 20 --rounds 15 --reads 8 --writes 2 --ttl 60s --hot-gets 50"

    private func run(_ options: String, on server: ThrowawayServer) async throws -> LabRun {
        let client = ServerFixture.client(server)
        // A key of someone else's, which the lab must leave alone.
        try await client.call("SET", "someone:else", "1")
        let before = try await client.call("DBSIZE").int
        let run = await LabRun.run(".lab client-cache \(options)", on: server)
        #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
        #expect(try await client.call("DBSIZE").int == before)
        #expect(try await client.call("GET", "someone:else").string == "1")
        await client.close()
        return run
    }

    private var workload: ClientCacheWorkload {
        ClientCacheWorkload(
            keys: 20, readers: 3, rounds: 15, readsPerRound: 8, writesPerRound: 2, generator: SeededGenerator(seed: 7).split(0xCC))
    }

    @Test func lockstepCountsMatchTheModel() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = try await run(Self.line, on: server)
            // A 60 s TTL outlasts this run, so no copy expired and ttl's counts are exact too.
            #expect(try run.number("lockstep.ttl.expiries") == 0)
            for variant in ClientCacheVariant.allCases {
                let model = ClientCacheModel(variant, workload, keys: 20, readers: 3)
                let path = "lockstep.\(variant.rawValue)"
                #expect(try run.number("\(path).reads") == Double(model.reads), "\(variant)")
                #expect(try run.number("\(path).local_hits") == Double(model.localHits), "\(variant)")
                #expect(try run.number("\(path).network_gets") == Double(model.networkGets), "\(variant)")
                #expect(try run.number("\(path).stale_reads") == Double(model.staleReads), "\(variant)")
                #expect(try run.number("\(path).invalidations") == Double(model.invalidations), "\(variant)")
                #expect(try run.number("\(path).replies_dropped") == 0, "\(variant)")
            }
            // The conditions the test fixed make the unsafe variant stale and tracking not.
            #expect(ClientCacheModel(.ttl, workload, keys: 20, readers: 3).staleReads > 0)
            #expect(try run.number("lockstep.ttl.stale_reads") > 0)
            #expect(try run.number("lockstep.ttl.stale_copies") > 0)
            #expect(try run.number("lockstep.tracking.stale_reads") == 0)
            #expect(try run.number("lockstep.bcast.stale_reads") == 0)
            #expect(try run.number("lockstep.none.local_hits") == 0)
            // The staged race: the reply taken in after its invalidation is dropped with the
            // in-flight mark; kept without it, it serves both later reads stale.
            for variant in ["tracking", "bcast"] {
                #expect(try run.number("in_flight_race.\(variant).reply_version") == 1, "\(variant)")
                #expect(try run.number("in_flight_race.\(variant).acked_version") == 2, "\(variant)")
                #expect(try run.number("in_flight_race.\(variant).guarded_dropped") == 1, "\(variant)")
                #expect(try run.number("in_flight_race.\(variant).guarded_stale_reads") == 0, "\(variant)")
                #expect(try run.number("in_flight_race.\(variant).unguarded_stale_reads") == 2, "\(variant)")
            }
            #expect(
                run.words.contains(
                    "In lockstep, with every write's invalidation read before the next reads, tracking and bcast served 0 stale reads"))
            #expect(run.words.contains("nothing tells a TTL cache that a key changed"))
        }
    }

    @Test func runningFreelyEveryReadIsAHitOrAGet() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = try await run(Self.line, on: server)
            let reads = Double(ClientCacheModel(.none, workload, keys: 20, readers: 3).reads)
            for variant in ClientCacheVariant.allCases {
                let path = "concurrent.\(variant.rawValue)"
                #expect(try run.number("\(path).reads") == reads, "\(variant)")
                #expect(try run.number("\(path).local_hits") + run.number("\(path).network_gets") == reads, "\(variant)")
            }
            #expect(try run.number("concurrent.none.network_gets") == reads)
            #expect(try run.number("concurrent.none.stale_reads") == 0)
            // The hot loop's counts are the options'; only its rates are the machine's.
            #expect(try run.number("hot_loop.network_gets") == 50)
            #expect(try run.number("hot_loop.local_hits") == 5000)
            #expect(try run.number("hot_loop.local_hits_per_sec") > 0)
            // Counts fixed by the seed: a second run reports them identically.
            let again = try await self.run(Self.line, on: server)
            #expect(again.stableJSON == run.stableJSON)
        }
    }

    @Test func optionsAVariantWouldIgnoreAreRefused() throws {
        let entry = try #require(LabCatalog.named("client-cache"))
        #expect(entry.problem(["--variants", "none,tracking", "--ttl", "2s"])?.contains("only the ttl variant") == true)
        #expect(entry.problem(["--readers", "65"])?.contains("from 1 to 64") == true)
        #expect(entry.problem(["--variants", "lru"])?.contains("one of none, ttl, tracking, bcast") == true)
        #expect(entry.problem(["--variants", "ttl", "--ttl", "2s"]) == nil)
        let options = try ClientCacheOptions.parse(["--variants", "bcast,none"])
        #expect(try ClientCacheSpec.lab(from: options, quick: true).variants == [.bcast, .none])
    }
}
