import Foundation
import RESP
import ReplyFormat
import Testing

/// Formats thousands of random values (seeded) in every mode: JSON must always parse, every
/// mode ends in a newline (or the raw delimiter), and TTY output has one line per leaf.
@Suite("Random values")
struct RandomValueTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomBytes(_ rng: inout SplitMix) -> [UInt8] {
        let pool: [[UInt8]] = [b("a"), b("é"), b("✓"), b("\n"), b("\""), b("\\"), [0], [0xFF], [0x7F], [0xC3], b("key"), b(" ")]
        return (0..<Int.random(in: 0...6, using: &rng)).flatMap { _ in pool.randomElement(using: &rng)! }
    }

    static func randomValue(_ rng: inout SplitMix, depth: Int) -> RESPValue {
        let leafKinds = 11
        let kind = Int.random(in: 0..<(depth > 3 ? leafKinds : leafKinds + 6), using: &rng)
        func children() -> [RESPValue] {
            (0..<Int.random(in: 0...12, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) }
        }
        func pairs() -> [RESPPair] {
            (0..<Int.random(in: 0...11, using: &rng)).map { _ in
                RESPPair(randomValue(&rng, depth: depth + 2), randomValue(&rng, depth: depth + 1))
            }
        }
        switch kind {
        case 0: return .simpleString(String(decoding: randomBytes(&rng).filter { $0 != 10 && $0 != 13 }, as: UTF8.self))
        case 1: return .simpleError("ERR " + String(decoding: randomBytes(&rng), as: UTF8.self))
        case 2: return .integer(Int64.random(in: .min ... .max, using: &rng))
        case 3: return .bulk(randomBytes(&rng))
        case 4: return .null
        case 5: return .boolean(Bool.random(using: &rng))
        case 6: return .double([1.5, -0.0, .infinity, -.infinity, .nan, 1e300, .leastNonzeroMagnitude, 0.1].randomElement(using: &rng)!)
        case 7: return .bigNumber(["1", "-1", "+5", "0012", "123456789012345678901234567890"].randomElement(using: &rng)!)
        case 8: return .bulkError(RESPBytes(randomBytes(&rng)))
        case 9: return .verbatimString(format: "txt", text: RESPBytes(randomBytes(&rng)))
        case 10: return .str("plain")
        case 11, 12: return .array(children())
        case 13: return .set(children())
        case 14: return .push(children())
        case 15: return .map(pairs())
        default: return .attribute(pairs(), value: randomValue(&rng, depth: depth + 1))
        }
    }

    @Test func jsonAlwaysParses() throws {
        var rng = SplitMix(state: 7)
        for _ in 0..<3000 {
            let value = Self.randomValue(&rng, depth: 0)
            let output = ReplyFormatter(mode: .json).format(value)
            #expect(output.last == UInt8(ascii: "\n"))
            #expect(output.dropLast().contains(UInt8(ascii: "\n")) == false)
            #expect(throws: Never.self, "\(value)") { _ = try parseJSON(output) }
        }
    }

    @Test func everyModeTerminates() {
        var rng = SplitMix(state: 11)
        for _ in 0..<2000 {
            let value = Self.randomValue(&rng, depth: 0)
            for mode in OutputMode.allCases {
                let output = ReplyFormatter(mode: mode).format(value)
                #expect(output.last == UInt8(ascii: "\n"), "\(mode) \(value)")
            }
        }
    }
}
