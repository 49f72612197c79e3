import PropertyBased
import RESP
import Synchronization
import Testing

// Property tests. PropertyBased's `.fixedSeed` trait runs a check only once and always
// records an issue ("a fixed seed was used…"), so it cannot pin a CI run. Instead
// `seeded(_:seed:)` wraps a generator so that case number i is generated from a Xoshiro
// seeded with (seed, i): every run sees the same inputs, and a failure names its input.

/// Case counter shared by the runs of one seeded generator.
private final class CaseCounter: Sendable {
    let next = Mutex<UInt64>(0)
}

/// A generator whose i-th value is always the same: built from `Xoshiro(seed: (seed, i, …))`.
func seeded<Value>(_ seed: UInt64, _ make: @Sendable @escaping (inout Xoshiro) -> Value) -> Generator<Value, Shrink.None<Value>> {
    let counter = CaseCounter()
    return Generator { _ in
        let index = counter.next.withLock { value -> UInt64 in
            value += 1
            return value
        }
        var rng = Xoshiro(seed: (seed, index, 0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03))
        return make(&rng)
    }
}

// MARK: - Random values

enum RandomRESP {
    static let textScalars: [Unicode.Scalar] =
        (0x20...0x7E).map { Unicode.Scalar(UInt8($0)) } + ["\t", "\0", "é", "ß", "✓", "中", "😀", "\u{7F}", "\u{FEFF}"]

    static func text<R: RandomNumberGenerator>(_ rng: inout R, maxLength: Int = 24) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &rng) {
            text.append(textScalars.randomElement(using: &rng)!)
        }
        return String(text)
    }

    static func bytes<R: RandomNumberGenerator>(_ rng: inout R, maxLength: Int = 48) -> [UInt8] {
        let length = Bool.random(using: &rng) ? Int.random(in: 0...4, using: &rng) : Int.random(in: 0...maxLength, using: &rng)
        let hostile: [UInt8] = [13, 10, 0, 0xFF, 0x24, 0x2A]
        return (0..<length).map { _ in
            Int.random(in: 0..<4, using: &rng) == 0 ? hostile.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
    }

    static func integer<R: RandomNumberGenerator>(_ rng: inout R) -> Int64 {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return [Int64.min, .max, 0, -1, 1, .min + 1, .max - 1].randomElement(using: &rng)!
        case 1: return Int64.random(in: -1000...1000, using: &rng)
        default: return Int64.random(in: .min ... .max, using: &rng)
        }
    }

    static func double<R: RandomNumberGenerator>(_ rng: inout R) -> Double {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            return [
                0, -0.0, .infinity, -.infinity, .nan, -.nan, .signalingNaN, .greatestFiniteMagnitude,
                .leastNonzeroMagnitude, -.leastNormalMagnitude, 1e21, 1e-7,
            ].randomElement(using: &rng)!
        case 1: return Double(Int.random(in: -100_000...100_000, using: &rng)) / 64
        case 2: return Double.random(in: -1e9...1e9, using: &rng)
        default: return Double(bitPattern: UInt64.random(in: .min ... .max, using: &rng))
        }
    }

    static func bigNumber<R: RandomNumberGenerator>(_ rng: inout R) -> String {
        let digits = (0..<Int.random(in: 1...60, using: &rng)).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }
        return (Bool.random(using: &rng) ? "-" : "") + String(digits)
    }

    static func value<R: RandomNumberGenerator>(_ rng: inout R, depth: Int) -> RESPValue {
        let kinds = depth > 0 ? 16 : 10
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .simpleString(text(&rng))
        case 1: return .simpleError(text(&rng))
        case 2: return .integer(integer(&rng))
        case 3: return .bulk(bytes(&rng))
        case 4: return .null
        case 5: return .boolean(Bool.random(using: &rng))
        case 6: return .double(double(&rng))
        case 7: return .bigNumber(bigNumber(&rng))
        case 8: return .bulkError(RESPBytes(bytes(&rng)))
        case 9:
            let format = ["txt", "mkd", "abc", "x:y"].randomElement(using: &rng)!
            return .verbatimString(format: format, text: RESPBytes(bytes(&rng)))
        case 10: return .array(values(&rng, depth: depth))
        case 11: return .set(values(&rng, depth: depth))
        case 12: return .push(values(&rng, depth: depth))
        case 13: return .map(pairs(&rng, depth: depth))
        case 14: return .attribute(pairs(&rng, depth: depth), value: value(&rng, depth: depth - 1))
        default: return .array(values(&rng, depth: depth))
        }
    }

    static func values<R: RandomNumberGenerator>(_ rng: inout R, depth: Int) -> [RESPValue] {
        (0..<Int.random(in: 0...5, using: &rng)).map { _ in value(&rng, depth: depth - 1) }
    }

    static func pairs<R: RandomNumberGenerator>(_ rng: inout R, depth: Int) -> [RESPPair] {
        (0..<Int.random(in: 0...3, using: &rng)).map { _ in RESPPair(value(&rng, depth: depth - 1), value(&rng, depth: depth - 1)) }
    }

    /// Values up to four levels deep.
    static func values(_ seed: UInt64) -> Generator<RESPValue, Shrink.None<RESPValue>> {
        seeded(seed) { rng in value(&rng, depth: Int.random(in: 0...4, using: &rng)) }
    }
}

// MARK: - Random and mutated bytes

enum FuzzBytes {
    static let interesting: [UInt8] = Array("+-:$*_#,(!=%~|>0123456789-\r\n".utf8) + [0, 0xFF, 0x20, 0x61, 0x2E, 0x65, 0x74]

    static func make<R: RandomNumberGenerator>(_ rng: inout R) -> [UInt8] {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0:
            // Bytes from a RESP-ish alphabet.
            return (0..<Int.random(in: 0...64, using: &rng)).map { _ in interesting.randomElement(using: &rng)! }
        case 1:
            // Any bytes at all.
            return (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 2:
            // Plausible headers and lines glued together in random order.
            let tokens = [
                "*2\r\n", "*-1\r\n", "%1\r\n", "~3\r\n", "|1\r\n", ">2\r\n", "$3\r\nfoo\r\n", "$-1\r\n", ":-42\r\n",
                "+OK\r\n", "-ERR x\r\n", "_\r\n", "#t\r\n", ",1.5e3\r\n", ",nan\r\n", "(123\r\n", "!2\r\nno\r\n",
                "=5\r\ntxt:a\r\n", "*0\r\n", "$0\r\n\r\n", "*1\r\n", "$1\r\n", "\r\n", "*99\r\n",
            ]
            return (0..<Int.random(in: 1...20, using: &rng)).flatMap { _ in Array(tokens.randomElement(using: &rng)!.utf8) }
        default:
            // A valid encoding (or several), then a few mutations.
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes += RESPEncoder.encode(RandomRESP.value(&rng, depth: Int.random(in: 0...3, using: &rng)))
            }
            for _ in 0..<Int.random(in: 1...4, using: &rng) { mutate(&bytes, &rng) }
            return bytes
        }
    }

    static func mutate<R: RandomNumberGenerator>(_ bytes: inout [UInt8], _ rng: inout R) {
        guard !bytes.isEmpty else {
            bytes.append(interesting.randomElement(using: &rng)!)
            return
        }
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        case 1: bytes[at] = interesting.randomElement(using: &rng)!
        case 2: bytes.insert(interesting.randomElement(using: &rng)!, at: at)
        case 3: bytes.remove(at: at)
        case 4: bytes.removeSubrange(at...)
        case 5:
            let other = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.swapAt(at, other)
        case 6:
            let end = min(bytes.count, at + Int.random(in: 1...16, using: &rng))
            bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &rng))
        default:
            // Replace a digit run with a large or negative number.
            let number = ["-1", "-2", "0", "4294967295", "9223372036854775807", "99999999999999999999", "1"].randomElement(using: &rng)!
            if bytes[at] &- UInt8(ascii: "0") < 10 { bytes.replaceSubrange(at...at, with: Array(number.utf8)) }
        }
    }

    static func inputs(_ seed: UInt64) -> Generator<[UInt8], Shrink.None<[UInt8]>> {
        seeded(seed) { rng in make(&rng) }
    }
}

/// Whether re-encoding `value` must reproduce it (false only for verbatim formats that are
/// not three UTF-8 bytes, which the decoder can produce from invalid UTF-8 but the encoder
/// cannot write back).
private func reencodable(_ value: RESPValue) -> Bool {
    switch value {
    case .verbatimString(let format, _): return format.utf8.count == 3
    case .array(let items), .set(let items), .push(let items): return items.allSatisfy(reencodable)
    case .map(let pairs): return pairs.allSatisfy { reencodable($0.key) && reencodable($0.value) }
    case .attribute(let pairs, let inner): return pairs.allSatisfy { reencodable($0.key) && reencodable($0.value) } && reencodable(inner)
    default: return true
    }
}

private let tightLimits = RESPLimits(maxBulkLength: 16, maxAggregateLength: 6, maxDepth: 3, maxLineLength: 24)

@Suite("Decoder: properties")
struct DecoderPropertyTests {
    @Test("encode then decode gives the value back")
    func roundTrip() async {
        await propertyCheck(count: 3000, input: RandomRESP.values(0x5EED_0001)) { value in
            let bytes = RESPEncoder.encode(value)
            guard case .value(let decoded, let consumed) = decodeOnce(bytes) else {
                Issue.record("\(bytes.count) encoded bytes did not decode: \(decodeOnce(bytes))")
                return
            }
            #expect(consumed == bytes.count)
            #expect(equivalent(decoded, value), "decoded \(decoded)")
            #expect(RESPEncoder.encode(decoded) == bytes)
        }
    }

    @Test("every proper prefix of an encoding needs more")
    func prefixesNeedMore() async {
        await propertyCheck(count: 1000, input: RandomRESP.values(0x5EED_0002)) { value in
            let bytes = RESPEncoder.encode(value)
            var decoder = RESPDecoder()
            var cut = 0
            var step = 1
            while cut < bytes.count {
                let outcome = decodeOnce(Array(bytes[..<cut]), with: &decoder)
                #expect(outcome == .needMore, "prefix of \(cut)/\(bytes.count) bytes gave \(outcome)")
                cut += step
                step = step % 7 + 1
            }
            guard case .value(let decoded, bytes.count) = decodeOnce(bytes, with: &decoder) else {
                Issue.record("the complete encoding did not decode")
                return
            }
            #expect(equivalent(decoded, value))
        }
    }

    @Test("a pipelined stream of values decodes the same in every chunking")
    func chunkedStreams() async {
        let streams = seeded(0x5EED_0003) { rng in
            (0..<Int.random(in: 1...12, using: &rng)).map { _ in RandomRESP.value(&rng, depth: Int.random(in: 0...3, using: &rng)) }
        }
        await propertyCheck(count: 500, input: streams) { values in
            let bytes = values.flatMap { RESPEncoder.encode($0) }
            for (index, chunking) in Chunking.allCases.enumerated() {
                let outcome = stream(bytes, cuts: chunking.cuts(count: bytes.count, seed: UInt64(index) + UInt64(bytes.count)))
                #expect(outcome.error == nil)
                #expect(outcome.leftover.isEmpty)
                #expect(outcome.values.count == values.count && zip(outcome.values, values).allSatisfy(equivalent), "\(chunking)")
            }
        }
    }

    @Test("random and mutated bytes give a value, need-more or a typed error, whatever the chunking")
    func fuzz() async {
        await propertyCheck(count: 4000, input: FuzzBytes.inputs(0x5EED_0004)) { bytes in
            for limits in [RESPLimits.default, tightLimits] {
                check(bytes, limits: limits)
            }
        }
    }

    @Test("values the decoder accepts from fuzzed bytes are self-consistent")
    func fuzzAcceptedValues() async {
        await propertyCheck(count: 3000, input: FuzzBytes.inputs(0x5EED_0005)) { bytes in
            guard case .value(let value, let consumed) = decodeOnce(bytes) else { return }
            // The frame alone decodes to the same value.
            #expect(equivalentOutcome(value, Array(bytes[..<consumed])))
            // Re-encoding is valid RESP that means the same thing.
            if reencodable(value) {
                let again = RESPEncoder.encode(value)
                guard case .value(let decoded, again.count) = decodeOnce(again) else {
                    Issue.record("re-encoding \(value) is not decodable")
                    return
                }
                #expect(equivalent(decoded, value))
            }
        }
    }

    @Test("doubles are read exactly as the standard library reads them")
    func doublesMatchTheStandardLibrary() async {
        let texts = seeded(0x5EED_0006) { rng -> String in
            if Bool.random(using: &rng) {
                // Anything over the characters a decimal double may hold.
                let alphabet = Array("0123456789012345678901234567890123456789.eE+-")
                return String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            }
            // Well-formed decimals around the fast path's limits (15-17 digits, powers up to 10^22).
            let sign = ["", "-", "+"].randomElement(using: &rng)!
            var digits = String(
                (0..<Int.random(in: 1...24, using: &rng)).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            if Bool.random(using: &rng) {
                digits.insert(".", at: digits.index(digits.startIndex, offsetBy: Int.random(in: 0...digits.count, using: &rng)))
            }
            let exponent =
                Bool.random(using: &rng)
                ? ""
                : ["e", "E"].randomElement(using: &rng)! + ["", "-", "+"].randomElement(using: &rng)!
                    + String(Int.random(in: 0...(Bool.random(using: &rng) ? 30 : 400), using: &rng))
            return sign + digits + exponent
        }
        await propertyCheck(count: 4000, input: texts) { text in
            let outcome = decodeOnce(wire(",\(text)\r\n"))
            if let expected = Double(text) {
                guard case .value(.double(let decoded), _) = outcome else {
                    Issue.record("\(text.debugDescription) gave \(outcome), Double(_:) reads \(expected)")
                    return
                }
                #expect(decoded.bitPattern == expected.bitPattern || (decoded.isNaN && expected.isNaN), "\(text.debugDescription)")
            } else {
                #expect(outcome.error?.kind == .invalidDouble, "\(text.debugDescription) gave \(outcome)")
            }
        }
    }

    private func equivalentOutcome(_ value: RESPValue, _ frame: [UInt8]) -> Bool {
        guard case .value(let decoded, frame.count) = decodeOnce(frame) else { return false }
        return equivalent(decoded, value)
    }

    /// One input under one set of limits: all-at-once, byte-by-byte and random chunkings must
    /// agree, and whatever comes out must be well-formed.
    private func check(_ bytes: [UInt8], limits: RESPLimits) {
        switch decodeOnce(bytes, limits: limits) {
        case .value(_, let consumed):
            #expect(consumed > 0 && consumed <= bytes.count)
            #expect(decodeOnce(Array(bytes[..<consumed]), limits: limits).error == nil)
        case .needMore:
            break
        case .failure(let error):
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(error)")
        }
        let whole = stream(bytes, cuts: [], limits: limits)
        for (index, chunking) in [Chunking.byteByByte, .randomSmall, .randomLarge].enumerated() {
            let chunked = stream(bytes, cuts: chunking.cuts(count: bytes.count, seed: UInt64(index * 31 + bytes.count)), limits: limits)
            #expect(chunked.matches(whole), "\(chunking): \(chunked) vs all at once: \(whole)")
        }
    }
}
