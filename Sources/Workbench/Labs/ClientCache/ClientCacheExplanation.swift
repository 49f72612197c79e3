import Labs

/// "What this shows" for the client-cache lab, from its numbers: each claim only when they
/// bear it out.
enum ClientCacheExplanation {
    static func sentences(_ report: ClientCacheReport) -> [String] {
        var sentences: [String] = []
        let lockstep = report.lockstep
        let caching = lockstep.entries.filter { $0.name != "none" }
        if let none = lockstep["none"], !caching.isEmpty {
            let served = caching.map {
                "\($0.name) \(Format.percent($0.value.hitRatio)) (\(Format.count($0.value.roundTripsSaved, "round trip")) saved)"
            }
            sentences.append(
                "none sent every one of its \(Format.grouped(none.reads)) reads to Redis; served from local memory in lockstep: \(Format.list(served))."
            )
        }
        if let ttl = lockstep["ttl"] { sentences.append(ttlSentence(ttl, ttlMs: report.ttlMs)) }
        let tracked = ["tracking", "bcast"].compactMap { name in lockstep[name].map { (name, $0) } }
        if !tracked.isEmpty { sentences.append(lockstepTrackingSentence(tracked)) }
        if let free = freeTrackingSentence(report.concurrent) { sentences.append(free) }
        if let tracking = lockstep["tracking"], let bcast = lockstep["bcast"], bcast.invalidations != tracking.invalidations {
            sentences.append(
                "bcast received \(Format.count(bcast.invalidations, "invalidation")) against tracking's \(Format.grouped(tracking.invalidations)): "
                    + (bcast.invalidations > tracking.invalidations
                        ? "broadcast mode reports every change under the prefix, read or not, where default mode reports only keys the reader holds."
                        : "here the readers held most keys that changed."))
        }
        let dropped = (report.lockstep.values + report.concurrent.values).reduce(0) { $0 + $1.repliesDropped }
        if dropped > 0 {
            let (verb, kept) = dropped == 1 ? ("was", "it would have") : ("were", "each would have")
            sentences.append(
                "\(Format.count(dropped, "GET reply", plural: "GET replies")) came in after \(dropped == 1 ? "its" : "their") key's invalidation and \(verb) used once but not kept (the key was marked in flight before the GET): kept, \(kept) stayed stale with no push left to remove it."
            )
        }
        if let race = raceSentence(report.inFlightRace) { sentences.append(race) }
        if let hot = report.hotLoop, hot.networkGetsPerSec > 0 {
            sentences.append(
                "A local hit ran at \(Format.grouped(Int(hot.localHitsPerSec)))/s against \(Format.grouped(Int(hot.networkGetsPerSec))) network GETs/s, \(Format.number(hot.speedup))× (timing-dependent)."
            )
        }
        return sentences
    }

    static func ttlSentence(_ ttl: ClientCachePhaseResult, ttlMs: Int) -> String {
        guard ttl.staleReads > 0 else {
            return "ttl served no stale read here: no key it held changed while its \(Format.grouped(ttlMs)) ms copy lasted."
        }
        return
            "ttl served \(Format.count(ttl.staleReads, "stale read")) in lockstep, from \(Format.count(ttl.staleCopies, "copy", plural: "copies")) kept up to \(Format.number(ttl.staleWindowMaxMs)) ms after a newer version was acknowledged: nothing tells a TTL cache that a key changed, so it serves the old value until the copy expires."
    }

    static func lockstepTrackingSentence(_ tracked: [(String, ClientCachePhaseResult)]) -> String {
        let names = Format.list(tracked.map(\.0))
        let stale = tracked.filter { $0.1.staleReads > 0 }
        guard stale.isEmpty else {
            return
                "In lockstep \(Format.list(stale.map { "\($0.0) served \(Format.count($0.1.staleReads, "stale read"))" })), although every push was read before the reads: a copy outlived its invalidation."
        }
        return
            "In lockstep, with every write's invalidation read before the next reads, \(names) served 0 stale reads: the push had removed each changed copy."
    }

    static func freeTrackingSentence(_ concurrent: NamedResults<ClientCachePhaseResult>) -> String? {
        let tracked = ["tracking", "bcast"].compactMap { name in concurrent[name].map { (name, $0) } }
        guard !tracked.isEmpty else { return nil }
        let stale = tracked.filter { $0.1.staleReads > 0 }
        guard stale.isEmpty else {
            let counts = stale.map {
                "\($0.0) \(Format.count($0.1.staleReads, "stale read")) (window up to \(Format.number($0.1.staleWindowMaxMs)) ms)"
            }
            return
                "Running freely (timing-dependent): \(Format.list(counts)): the invalidation reaches a reader after the writer's acknowledgement, not with it, and a hit in between is stale."
        }
        return
            "Running freely (timing-dependent) no read fell between a write's acknowledgement and its push this time, so \(Format.list(tracked.map(\.0))) served 0 stale reads."
    }

    static func raceSentence(_ races: NamedResults<InFlightRaceResult>) -> String? {
        guard let first = races.entries.first, first.value.replyVersion < first.value.ackedVersion else { return nil }
        let (name, race) = first
        let guarded =
            race.guardedDropped > 0 && race.guardedStaleReads == 0
            ? "with the in-flight mark the reply was dropped and no read was stale"
            : "with the in-flight mark \(Format.count(race.guardedStaleReads, "read")) still came out stale"
        let unguarded =
            race.unguardedStaleReads > 0
            ? "without it the old copy was kept and \(Format.count(race.unguardedStaleReads, "later read")) served it, the last after every push had been read"
            : "without it no later read was stale here"
        return
            "Staged race (\(name)): a GET answered with version \(race.replyVersion) before the write of \(race.ackedVersion) was taken in after that write's invalidation; \(guarded), \(unguarded)."
    }
}
