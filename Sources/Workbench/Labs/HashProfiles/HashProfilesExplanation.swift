import Labs

/// "What this shows" for the hash-profiles lab, from its numbers.
enum HashProfilesExplanation {
    static func sentences(_ report: HashProfilesReport) -> [String] {
        var sentences: [String] = []
        let byLayout = Dictionary(report.layouts.map { ($0.layout, $0) }, uniquingKeysWith: { first, _ in first })
        if let smallest = report.layouts.min(by: { $0.bytesPerProfile < $1.bytesPerProfile }),
            let largest = report.layouts.max(by: { $0.bytesPerProfile < $1.bytesPerProfile }), smallest.layout != largest.layout
        {
            sentences.append(
                "\(smallest.layout.rawValue) took \(Format.grouped(smallest.bytesPerProfile)) bytes a profile and \(largest.layout.rawValue) \(Format.grouped(largest.bytesPerProfile)): \(Format.number((Double(largest.bytesPerProfile) / Double(max(smallest.bytesPerProfile, 1)) * 10).rounded() / 10)) times as much."
            )
        }
        if let hash = byLayout[.hash], let json = byLayout[.json] {
            sentences.append(
                "Reading one field took \(Format.grouped(hash.readFieldWireBytes)) bytes on the wire with HGET and \(Format.grouped(json.readFieldWireBytes)) with GET of the whole JSON; changing one took \(Format.grouped(hash.updateFieldWireBytes)) and \(Format.grouped(json.updateFieldWireBytes))."
            )
        }
        if let bucketed = byLayout[.bucketed] {
            // The count from what was written; a report without it says nothing of the size.
            let held =
                bucketed.profilesPerBucket.map {
                    "Buckets held \(Format.number($0)) profiles each on average, in \(bucketed.encoding) hashes"
                }
                ?? "Buckets are \(bucketed.encoding) hashes"
            sentences.append(
                "\(held); a TTL then costs \(Format.number(bucketed.ttlOverheadBytes)) bytes a profile, but can only expire a whole bucket."
            )
        }
        if let cliff = report.cliff { sentences.append(cliffSentence(cliff.valueAtLimit, cliff.valueOverLimit)) }
        if let lost = report.lostUpdates {
            sentences.append(
                "Of \(Format.grouped(lost.clients * lost.updatesPerClient)) increments, JSON read-modify-write lost \(Format.grouped(lost.jsonRmw.lost)); HINCRBY lost \(lost.hincrby.lost), the Lua script \(lost.lua.lost), and WATCH/MULTI \(lost.watchMulti.lost) at the price of \(Format.count(lost.watchMulti.retries, "retry", plural: "retries"))."
            )
        }
        if let write = report.profileWrite { sentences += profileWriteSentences(write) }
        return sentences
    }

    /// Round trips as counted, and what a cut between HSET and EXPIRE left, per variant:
    /// "never expire" only for keys whose TTL read -1.
    static func profileWriteSentences(_ write: ProfileWrite) -> [String] {
        var sentences: [String] = []
        let names: [ProfileWriteMethod: String] = [
            .twoRoundTrips: "the tutorial's cacheUserProfile (HSET, then EXPIRE)", .pipeline: "a pipeline", .multiExec: "MULTI/EXEC",
            .lua: "a Lua script",
        ]
        let trips = write.variants.map { "\(names[$0.method] ?? $0.method.rawValue) \(Format.number($0.roundTripsPerWrite))" }
        if !trips.isEmpty { sentences.append("Round trips per profile written: \(Format.list(trips)).") }
        let cut = write.variants.filter { $0.keysWithoutTTLAfterCrash > 0 }
        for variant in cut {
            let name = names[variant.method] ?? variant.method.rawValue
            sentences.append(
                "With the connection cut between HSET and EXPIRE, \(name) left \(Format.grouped(variant.keysWithoutTTLAfterCrash)) of \(Format.count(write.writes, "profile")) with no TTL (TTL -1): they never expire"
                    + (variant.method == .pipeline ? "; one round trip is not one atomic step." : "."))
        }
        let safe = write.variants.filter { $0.keysWithoutTTLAfterCrash == 0 }
        if !safe.isEmpty {
            let parts = safe.map { variant -> String in
                let name = names[variant.method] ?? variant.method.rawValue
                return variant.keysAfterCrash == 0
                    ? "\(name) left no key (nothing ran)" : "\(name) left \(Format.grouped(variant.keysAfterCrash)) with their TTL"
            }
            sentences.append("Cut the same way, \(Format.list(parts)): no profile without a TTL.")
        }
        return sentences
    }

    /// "Turned X into Y" only for what changed: the encoding, the bytes, or neither.
    static func cliffSentence(_ at: CliffSide, _ over: CliffSide) -> String {
        let start = "One byte past hash-max-listpack-value"
        let bytes = "\(Format.grouped(at.bytes)) bytes into \(Format.grouped(over.bytes))"
        switch (at.encoding != over.encoding, at.bytes != over.bytes) {
        case (true, true): return "\(start) turned \(at.encoding) into \(over.encoding) and \(bytes)."
        case (true, false):
            return "\(start) turned \(at.encoding) into \(over.encoding); the size stayed \(Format.grouped(at.bytes)) bytes."
        case (false, true): return "\(start) left the encoding \(at.encoding) and turned \(bytes)."
        case (false, false): return "\(start) changed nothing here: \(at.encoding) and \(Format.grouped(at.bytes)) bytes either way."
        }
    }
}
