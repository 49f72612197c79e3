import Foundation
import Testing

@testable import RESP

/// The Eisel–Lemire conversion against the standard library's parser (which rounds correctly
/// by other means), bit for bit. The decoder's property test covers the path through
/// `RESPLine`; these call the conversion directly so that a nil (a fallback) cannot hide a
/// wrong answer, and count how often it falls back.
@Suite("Eisel–Lemire doubles")
struct EiselLemireTests {
    /// Checks `w × 10^q` against `Double("\(w)e\(q)")`; returns whether the conversion answered.
    @discardableResult
    func check(_ w: UInt64, _ q: Int, negative: Bool = false) -> Bool {
        let text = (negative ? "-" : "") + "\(w)e\(q)"
        guard let expected = Double(text) else {
            Issue.record("the standard library cannot read \(text)")
            return false
        }
        guard let value = EiselLemire.value(w, timesTenTo: q, negative: negative) else { return false }
        #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) but the standard library reads \(expected)")
        return true
    }

    @Test("17-digit significands at every tabled power of ten agree with the standard library")
    func everyPower() {
        var rng = SplitMix64(seed: 17)
        var answered = 0
        var asked = 0
        for q in EiselLemire.smallestPower...EiselLemire.largestPower {
            for _ in 0..<40 {
                let w = UInt64.random(in: 10_000_000_000_000_000...99_999_999_999_999_999, using: &rng)
                asked += 1
                if check(w, q, negative: Bool.random(using: &rng)) { answered += 1 }
            }
        }
        // Nil is for subnormals, overflow and near-ties only: the normal range (about
        // 10^-307...10^308 for 17 digits, 613 of the 651 powers) must be answered.
        #expect(answered >= 613 * 40 - 2, "answered \(answered) of \(asked)")
    }

    @Test("random significands of 1 to 19 digits agree with the standard library")
    func randomDigits() {
        var rng = SplitMix64(seed: 19)
        for _ in 0..<200_000 {
            let digits = Int.random(in: 1...19, using: &rng)
            var w: UInt64 = 0
            for _ in 0..<digits { w = w &* 10 &+ UInt64.random(in: 0...9, using: &rng) }
            check(w, Int.random(in: -330...310, using: &rng))
        }
    }

    @Test("what Redis sends: %.17g of random doubles, with no fallback")
    func redisFormatted() {
        var rng = SplitMix64(seed: 23)
        var fallbacks: [String] = []
        for _ in 0..<100_000 {
            let double = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)  // finite, positive
            guard double.isNormal else { continue }
            // "d.dddddddddddddddde±x" → w (17 digits) and q, as Redis prints with %.17g.
            let text = String(format: "%.16e", double)  // 17 significant digits
            guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]),
                let w = UInt64(text[..<e].filter { $0 != "." })
            else {
                Issue.record("unexpected %.16e output \(text)")
                continue
            }
            if !check(w, exponent - 16) { fallbacks.append(text) }
        }
        #expect(fallbacks.isEmpty, "fell back on \(fallbacks.prefix(5))")
    }

    @Test("exact ties round to even (by the fallback), the largest and smallest normal doubles")
    func edges() {
        // 2^53 + 1 is halfway between two doubles: the even one, 2^53, is the answer.
        #expect(EiselLemire.value(9_007_199_254_740_993, timesTenTo: 0, negative: false) == nil)
        check(9_007_199_254_740_995, 0)
        check(17_976_931_348_623_157, 292)  // Double.greatestFiniteMagnitude
        check(22_250_738_585_072_014, -324)  // Double.leastNormalMagnitude
        check(18_446_744_073_709_551_615, 0)  // UInt64.max
        check(1, 0)
        check(1, -342)
        check(99_999_999_999_999_999, 308)
        #expect(EiselLemire.value(0, timesTenTo: 400, negative: true)?.bitPattern == (-0.0).bitPattern)
        #expect(EiselLemire.value(1, timesTenTo: 309, negative: false) == nil)
    }

    @Test("the table holds the top 128 bits of 5^q")
    func table() {
        #expect(EiselLemire.fivePowers.count == EiselLemire.largestPower - EiselLemire.smallestPower + 1)
        let entry = { (q: Int) in EiselLemire.fivePowers[q - EiselLemire.smallestPower] }
        #expect(entry(0) == (1 << 63, 0))
        #expect(entry(1) == (0xA000_0000_0000_0000, 0))
        // 5^27 = 7450580596923828125 < 2^63: shifted left by one.
        #expect(entry(27) == (7_450_580_596_923_828_125 << 1, 0))
        // 5^-1 = 0.2 = 0.0011 0011… in binary: 0xCCCC… once normalised, truncated.
        #expect(entry(-1) == (0xCCCC_CCCC_CCCC_CCCC, 0xCCCC_CCCC_CCCC_CCCC))
        for q in EiselLemire.smallestPower...EiselLemire.largestPower {
            #expect(entry(q).high >> 63 == 1, "5^\(q) is not normalised")
        }
    }
}
