import Testing

@testable import Labs
@testable import Workbench

/// The hash-profiles lab's "What this shows": the bucket size as counted, and the cliff
/// described by what changed.
@Suite struct HashProfilesExplanationTests {
    private func report(perBucket: Double?, at: CliffSide, over: CliffSide) -> HashProfilesReport {
        var report = HashProfilesReport(profiles: 600, sampled: 100, thresholds: ListpackThresholds(entries: 512, value: 64))
        report.layouts = [
            ProfileLayoutResult(
                layout: .bucketed, encoding: "listpack", keysPerProfile: 0.01, bytesPerProfile: 40, usedMemoryPerProfile: 45,
                ttlOverheadBytes: 0.3,
                readFieldWireBytes: 50, updateFieldWireBytes: 40, readFieldUs: 30, updateFieldUs: 30, profilesPerBucket: perBucket)
        ]
        let side = CliffSide(size: 9, encoding: "listpack", bytes: 200)
        report.cliff = EncodingCliff(valueAtLimit: at, valueOverLimit: over, entriesAtLimit: side, entriesOverLimit: side)
        return report
    }

    private let listpack = CliffSide(size: 64, encoding: "listpack", bytes: 160)

    private func text(perBucket: Double? = 120, over: CliffSide) -> String {
        HashProfilesExplanation.sentences(report(perBucket: perBucket, at: listpack, over: over)).joined(separator: " ")
    }

    @Test func theBucketSizeIsTheCountedOneNotAQuarterOfTheEntryLimit() {
        let counted = text(perBucket: 120, over: listpack)
        #expect(counted.contains("Buckets held 120 profiles each on average, in listpack hashes; a TTL then costs 0.3 bytes a profile"))
        #expect(!counted.contains("128"))
        #expect(text(perBucket: 9.5, over: listpack).contains("Buckets held 9.5 profiles each on average"))
        let uncounted = text(perBucket: nil, over: listpack)
        #expect(uncounted.contains("Buckets are listpack hashes; a TTL"))
        #expect(!uncounted.contains("profiles each"))
    }

    @Test func theCliffSaysTurnedOnlyForWhatChanged() {
        let both = text(over: CliffSide(size: 65, encoding: "hashtable", bytes: 520))
        #expect(both.contains("One byte past hash-max-listpack-value turned listpack into hashtable and 160 bytes into 520."))
        let encodingOnly = text(over: CliffSide(size: 65, encoding: "hashtable", bytes: 160))
        #expect(encodingOnly.contains("turned listpack into hashtable; the size stayed 160 bytes."))
        let bytesOnly = text(over: CliffSide(size: 65, encoding: "listpack", bytes: 168))
        #expect(bytesOnly.contains("left the encoding listpack and turned 160 bytes into 168."))
        #expect(!bytesOnly.contains("listpack into listpack"))
        let nothing = text(over: listpack)
        #expect(nothing.contains("One byte past hash-max-listpack-value changed nothing here: listpack and 160 bytes either way."))
        #expect(!nothing.contains("turned"))
    }
}
