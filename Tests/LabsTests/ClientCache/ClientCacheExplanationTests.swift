import Testing

@testable import Labs
@testable import Workbench

/// The client-cache lab's "What this shows", fed reports with opposite numbers: each claim
/// appears only when the figures support it.
@Suite struct ClientCacheExplanationTests {
    private func result(hits: Int = 0, stale: Int = 0, invalidations: Int = 0, dropped: Int = 0, window: Double = 0)
        -> ClientCachePhaseResult
    {
        var tally = ClientCacheTally()
        tally.reads = 100
        tally.localHits = hits
        tally.networkGets = 100 - hits
        tally.staleReads = stale
        tally.invalidations = invalidations
        tally.repliesDropped = dropped
        tally.staleWindowsMs = stale > 0 ? [window] : []
        return ClientCachePhaseResult(tally, seconds: 0.1)
    }

    private func text(
        lockstep: [(String, ClientCachePhaseResult)], concurrent: [(String, ClientCachePhaseResult)] = [], hot: HotLoopResult? = nil
    ) -> String {
        var report = ClientCacheReport(readers: 3, keys: 20, rounds: 10, readsPerRound: 8, writesPerRound: 2, ttlMs: 1000)
        for (name, value) in lockstep { report.lockstep.set(name, value) }
        for (name, value) in concurrent { report.concurrent.set(name, value) }
        report.hotLoop = hot
        return ClientCacheExplanation.sentences(report).joined(separator: " ")
    }

    @Test func ttlStaleReadsOnlyWhenCounted() {
        let stale = text(lockstep: [("none", result()), ("ttl", result(hits: 80, stale: 12, window: 40))])
        #expect(stale.contains("ttl served 12 stale reads in lockstep, from 1 copy kept up to 40 ms"))
        #expect(
            stale.contains(
                "none sent every one of its 100 reads to Redis; served from local memory in lockstep: ttl 80% (80 round trips saved)."))
        let fresh = text(lockstep: [("ttl", result(hits: 80))])
        #expect(fresh.contains("ttl served no stale read here"))
        #expect(!fresh.contains("nothing tells a TTL cache"))
        #expect(!fresh.contains("none sent"))
    }

    @Test func trackingClaimsZeroStaleOnlyWhenItWasZero() {
        let clean = text(lockstep: [
            ("none", result()), ("tracking", result(hits: 70, invalidations: 5)), ("bcast", result(hits: 70, invalidations: 30)),
        ])
        #expect(
            clean.contains(
                "served from local memory in lockstep: tracking 70% (70 round trips saved) and bcast 70% (70 round trips saved)."))
        #expect(clean.contains("tracking and bcast served 0 stale reads"))
        #expect(clean.contains("bcast received 30 invalidations against tracking's 5: broadcast mode reports every change"))
        let broken = text(lockstep: [("tracking", result(hits: 70, stale: 2, window: 1))])
        #expect(broken.contains("In lockstep tracking served 2 stale reads, although every push was read"))
        #expect(!broken.contains("served 0 stale reads"))
        #expect(!broken.contains("bcast received"))
    }

    @Test func runningFreelyNamesTheWindowEitherWay() {
        let raced = text(lockstep: [], concurrent: [("tracking", result(hits: 70, stale: 3, window: 0.25))])
        #expect(raced.contains("Running freely (timing-dependent): tracking 3 stale reads (window up to 0.25 ms)"))
        let quiet = text(lockstep: [], concurrent: [("bcast", result(hits: 70))])
        #expect(quiet.contains("no read fell between a write's acknowledgement and its push this time, so bcast served 0 stale reads"))
        #expect(!text(lockstep: [], concurrent: [("ttl", result(hits: 70, stale: 3))]).contains("Running freely"))
    }

    @Test func droppedRepliesAndHotLoopOnlyWhenThere() {
        let dropped = text(lockstep: [], concurrent: [("tracking", result(hits: 70, dropped: 2))])
        #expect(dropped.contains("2 GET replies came in after their key's invalidation and were used once but not kept"))
        #expect(dropped.contains("kept, each would have stayed stale"))
        let one = text(lockstep: [], concurrent: [("tracking", result(hits: 70, dropped: 1))])
        #expect(one.contains("1 GET reply came in after its key's invalidation and was used once but not kept"))
        #expect(one.contains("kept, it would have stayed stale"))
        #expect(!text(lockstep: [], concurrent: [("tracking", result(hits: 70))]).contains("GET repl"))
        let hot = HotLoopResult(
            localHits: 1000, localSeconds: 0.001, localHitsPerSec: 1_000_000, networkGets: 10, networkSeconds: 0.001,
            networkGetsPerSec: 10_000, speedup: 100)
        #expect(
            text(lockstep: [], hot: hot).contains("A local hit ran at 1,000,000/s against 10,000 network GETs/s, 100× (timing-dependent)."))
        #expect(!text(lockstep: []).contains("local hit ran"))
    }

    @Test func theStagedRaceSaysWhatTheMarkDid() {
        var report = ClientCacheReport(readers: 3, keys: 20, rounds: 10, readsPerRound: 8, writesPerRound: 2, ttlMs: 1000)
        report.inFlightRace.set(
            "tracking",
            InFlightRaceResult(replyVersion: 1, ackedVersion: 2, guardedDropped: 1, guardedStaleReads: 0, unguardedStaleReads: 2))
        let marked = ClientCacheExplanation.sentences(report).joined(separator: " ")
        #expect(marked.contains("with the in-flight mark the reply was dropped and no read was stale"))
        #expect(marked.contains("without it the old copy was kept and 2 later reads served it"))
        report.inFlightRace.set(
            "tracking",
            InFlightRaceResult(replyVersion: 1, ackedVersion: 2, guardedDropped: 0, guardedStaleReads: 1, unguardedStaleReads: 0))
        let unmarked = ClientCacheExplanation.sentences(report).joined(separator: " ")
        #expect(unmarked.contains("with the in-flight mark 1 read still came out stale"))
        #expect(unmarked.contains("without it no later read was stale here"))
        #expect(!unmarked.contains("the reply was dropped"))
    }
}
