import Testing

@testable import Labs
@testable import Workbench

/// The key surveys' trackers and their redis-cli layout, without a server: a tally merged
/// from parts equals the one counted in one go (the walk merges pages and masters), and the
/// summary's figures follow from keys counted by hand.
struct KeySurveyModeTests {
    private static func facts(_ name: String, _ type: String, elements: Int64, bytes: Int64 = 50, frequency: Int64? = nil) -> KeyFacts {
        KeyFacts(name: Array(name.utf8), type: type, bytes: bytes, ttlMs: -1, encoding: "?", elements: elements, frequency: frequency)
    }

    /// A seeded stream of keys: sizes and counters with many ties, so order matters.
    private static func stream(_ count: Int, seed: UInt64) -> [KeyFacts] {
        var random = SeededGenerator(seed: seed)
        let types = ["string", "list", "hash", "set"]
        return (0..<count).map { index in
            facts(
                "k\(index)", types[Int.random(in: 0..<types.count, using: &random)], elements: Int64.random(in: 0...30, using: &random),
                bytes: Int64.random(in: 40...90, using: &random), frequency: Int64.random(in: 0...12, using: &random))
        }
    }

    @Test(arguments: [1, 2, 3, 7, 50])
    func partsMergedInOrderEqualOneTally(parts: Int) {
        for seed in 1...20 as ClosedRange<UInt64> {
            let keys = Self.stream(200, seed: seed)
            var whole = KeyspaceTally(top: 3, extras: [.elements, .frequency])
            for key in keys { whole.add(key) }
            var merged = KeyspaceTally(top: 3, extras: [.elements, .frequency])
            let size = (keys.count + parts - 1) / parts
            for start in stride(from: 0, to: keys.count, by: size) {
                var part = KeyspaceTally(top: 3, extras: [.elements, .frequency])
                for key in keys[start..<min(start + size, keys.count)] { part.add(key) }
                merged.merge(part)
            }
            #expect(merged.byElements?.records == whole.byElements?.records, "seed \(seed)")
            #expect(merged.byElements?.types == whole.byElements?.types, "seed \(seed)")
            #expect(merged.byBytes.records == whole.byBytes.records, "seed \(seed)")
            #expect(merged.hottest?.entries == whole.hottest?.entries, "seed \(seed)")
            #expect(merged.hottest?.records == whole.hottest?.records, "seed \(seed)")
            #expect(merged.nameBytes == whole.nameBytes && merged.keys == 200)
        }
    }

    @Test func aBiggestMustBeStrictlyBiggerAndNeverEmpty() {
        var records = SizeRecords()
        records.add("string", name: Array("empty".utf8), size: 0, keysBefore: 0)
        records.add("string", name: Array("a".utf8), size: 5, keysBefore: 1)
        records.add("string", name: Array("b".utf8), size: 5, keysBefore: 2)
        records.add("string", name: Array("c".utf8), size: 6, keysBefore: 3)
        #expect(records.records.map { String(decoding: $0.name, as: UTF8.self) } == ["a", "c"])
        #expect(records.types["string"] == SizeRecords.PerType(keys: 4, total: 16, biggest: Array("c".utf8), biggestSize: 6))
    }

    @Test func hotKeysKeepSixteenAndAnEqualCounterDoesNotDisplace() {
        var hot = HotKeys()
        hot.add(Array("cold".utf8), counter: 0, keysBefore: 0)
        for index in 0..<16 { hot.add(Array("k\(index)".utf8), counter: Int64(10 + index % 4), keysBefore: index + 1) }
        hot.add(Array("tie".utf8), counter: 10, keysBefore: 17)
        hot.add(Array("hot".utf8), counter: 11, keysBefore: 18)
        let names = hot.entries.map { String(decoding: $0.name, as: UTF8.self) }
        #expect(names.count == 16 && !names.contains("cold") && !names.contains("tie"))
        #expect(names.first == "k3" && names.contains("hot"))
        // The latest of the lowest (k12, counter 10) made room, as redis-cli's pool drops its
        // slot 0; "hot" follows the 11s seen before it.
        #expect(!names.contains("k12") && names.contains("k0") && names.firstIndex(of: "hot") == (names.firstIndex(of: "k13") ?? 0) + 1)
        #expect(hot.records.count == 17)
    }

    @Test func theSummaryIsCountedFromTheKeys() {
        var tally = KeyspaceTally(top: 1, extras: .elements)
        for key in [
            Self.facts("l1", "list", elements: 3), Self.facts("bb", "string", elements: 5), Self.facts("a", "string", elements: 1),
            Self.facts("h", "hash", elements: 2), Self.facts("nl\n", "string", elements: 0), Self.facts("l2", "list", elements: 1),
        ] {
            tally.add(key)
        }
        let text = KeySurveyMode.render(KeySurvey(tally: tally, dbsize: 8), kind: .bigKeys)
        #expect(
            text == """
                [00.00%] Biggest list   found so far '"l1"' with 3 items
                [12.50%] Biggest string found so far '"bb"' with 5 bytes
                [37.50%] Biggest hash   found so far '"h"' with 2 fields

                -------- summary -------

                Sampled 6 keys in the keyspace!
                Total key length in bytes is 11 (avg len 1.83)

                Biggest   list found '"l1"' has 3 items
                Biggest   hash found '"h"' has 2 fields
                Biggest string found '"bb"' has 5 bytes

                2 lists with 4 items (33.33% of keys, avg size 2.00)
                1 hashs with 2 fields (16.67% of keys, avg size 2.00)
                3 strings with 6 bytes (50.00% of keys, avg size 2.00)
                0 streams with 0 entries (00.00% of keys, avg size 0.00)
                0 sets with 0 members (00.00% of keys, avg size 0.00)
                0 zsets with 0 members (00.00% of keys, avg size 0.00)

                """)
        // By bytes: every key 50, so the first of each type stays the biggest.
        let memory = KeySurveyMode.render(KeySurvey(tally: tally, dbsize: 8), kind: .memKeys)
        #expect(memory.contains("3 strings with 150 bytes (50.00% of keys, avg size 50.00)\n"))
        #expect(memory.contains("Biggest string found '\"bb\"' has 50 bytes\n"))
    }

    @Test func everyMillionthKeyGetsRedisCliProgressLine() {
        var tally = KeyspaceTally(top: 1)
        for index in 0..<2_000_001 {
            tally.add(Self.facts("k", index == 1_500_000 ? "list" : "string", elements: 0, bytes: index == 0 ? 9 : 1))
        }
        let lines = KeySurveyMode.render(KeySurvey(tally: tally, dbsize: 4_000_000), kind: .memKeys).split(separator: "\n")
        #expect(
            Array(lines.prefix(4)) == [
                "[00.00%] Biggest string found so far '\"k\"' with 9 bytes", "[25.00%] Sampled 1000000 keys so far",
                "[37.50%] Biggest list   found so far '\"k\"' with 1 bytes", "[50.00%] Sampled 2000000 keys so far",
            ])
    }

    @Test func printfFormsOfTwoDecimals() {
        #expect(KeySurveyMode.fixed2(0) == "0.00" && KeySurveyMode.padded(KeySurveyMode.fixed2(0)) == "00.00")
        #expect(KeySurveyMode.padded(KeySurveyMode.fixed2(100)) == "100.00" && KeySurveyMode.fixed2(4728) == "4728.00")
        #expect(KeySurveyMode.fixed2(1.0 / 3) == "0.33" && KeySurveyMode.padded(KeySurveyMode.fixed2(5.555)) == "05.56")
    }
}
