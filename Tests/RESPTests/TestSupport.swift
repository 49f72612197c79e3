import RESP
import Testing

// Shared helpers for the RESP tests: byte literals, one-shot decoding, a network-style
// reader that feeds a single decoder chunk by chunk, and NaN-aware value comparison.

/// The UTF-8 bytes of `text` (RESP examples are written as Swift strings with `\r\n`).
func wire(_ text: String) -> [UInt8] { Array(text.utf8) }

/// What one `decode` call on a complete buffer gave.
enum DecodeOutcome: Equatable {
    case value(RESPValue, consumed: Int)
    case needMore
    case failure(RESPDecodingError)

    var error: RESPDecodingError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// One `decode` call with a fresh decoder.
func decodeOnce(_ bytes: [UInt8], limits: RESPLimits = .default) -> DecodeOutcome {
    var decoder = RESPDecoder(limits: limits)
    return decodeOnce(bytes, with: &decoder)
}

func decodeOnce(_ bytes: [UInt8], with decoder: inout RESPDecoder) -> DecodeOutcome {
    do {
        guard let (value, consumed) = try decoder.decode(bytes) else { return .needMore }
        return .value(value, consumed: consumed)
    } catch {
        return .failure(error)
    }
}

/// The error a fresh decoder throws for `bytes`, or nil when it throws none.
func decodeError(_ bytes: [UInt8], limits: RESPLimits = .default) -> RESPDecodingError? {
    decodeOnce(bytes, limits: limits).error
}

/// Decodes exactly one complete value that spans all of `bytes`.
func decodeComplete(
    _ bytes: [UInt8], limits: RESPLimits = .default, sourceLocation: SourceLocation = #_sourceLocation
) -> RESPValue? {
    switch decodeOnce(bytes, limits: limits) {
    case .value(let value, let consumed):
        #expect(consumed == bytes.count, "consumed \(consumed) of \(bytes.count) bytes", sourceLocation: sourceLocation)
        return value
    case .needMore:
        Issue.record("decoder wants more bytes for a complete reply", sourceLocation: sourceLocation)
        return nil
    case .failure(let error):
        Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Uses one decoder the way a network reader does: keep a buffer, append each chunk, decode
/// from the front of the buffer, drop consumed bytes after every complete value, loop.
struct StreamReader {
    var decoder: RESPDecoder
    private var buffer: [UInt8] = []
    private var start = 0

    init(limits: RESPLimits = .default) {
        decoder = RESPDecoder(limits: limits)
    }

    /// Bytes received but not yet part of a complete value.
    var pending: [UInt8] { Array(buffer[start...]) }

    /// Appends `chunk` and returns every value that became complete.
    mutating func receive(_ chunk: ArraySlice<UInt8>) throws(RESPDecodingError) -> [RESPValue] {
        // Compact now and then, as a ByteBuffer's discardReadBytes would.
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: chunk)
        var values: [RESPValue] = []
        while start < buffer.count {
            guard let (value, consumed) = try decoder.decode(buffer, from: start) else { break }
            precondition(consumed > 0 && consumed <= buffer.count - start, "decoder consumed \(consumed)")
            values.append(value)
            start += consumed
        }
        return values
    }
}

/// The result of streaming some bytes through a `StreamReader`.
struct StreamOutcome: CustomStringConvertible {
    var values: [RESPValue]
    var error: RESPDecodingError?
    var leftover: [UInt8]

    var description: String { "values: \(values), error: \(String(describing: error)), leftover: \(leftover.count) bytes" }

    /// Equal values (NaN-aware), the same error and the same leftover bytes.
    func matches(_ other: StreamOutcome) -> Bool {
        values.count == other.values.count && zip(values, other.values).allSatisfy(equivalent)
            && error == other.error && leftover == other.leftover
    }
}

/// Feeds `bytes` to one `StreamReader` split at `cuts` (sorted offsets inside `bytes`).
func stream(_ bytes: [UInt8], cuts: [Int], limits: RESPLimits = .default) -> StreamOutcome {
    var reader = StreamReader(limits: limits)
    var values: [RESPValue] = []
    var from = 0
    for cut in cuts + [bytes.count] where cut >= from {
        do {
            values += try reader.receive(bytes[from..<cut])
        } catch {
            return StreamOutcome(values: values, error: error, leftover: [])
        }
        from = cut
    }
    return StreamOutcome(values: values, error: nil, leftover: reader.pending)
}

/// The chunkings the tests compare: all at once, one byte at a time, and random splits.
enum Chunking: CaseIterable, CustomTestStringConvertible {
    case allAtOnce, byteByByte, randomSmall, randomLarge, sixteenKiB

    var testDescription: String { "\(self)" }

    func cuts(count: Int, seed: UInt64) -> [Int] {
        switch self {
        case .allAtOnce: return []
        case .byteByByte: return Array(stride(from: 1, to: count, by: 1))
        case .sixteenKiB: return Array(stride(from: 16 * 1024, to: count, by: 16 * 1024))
        case .randomSmall, .randomLarge:
            var rng = SplitMix64(seed: seed)
            let maxStep = self == .randomSmall ? 7 : 300
            var cuts: [Int] = []
            var at = 0
            while true {
                at += Int.random(in: 1...maxStep, using: &rng)
                guard at < count else { break }
                cuts.append(at)
            }
            return cuts
        }
    }
}

/// A tiny deterministic generator (SplitMix64) for chunk boundaries and corpora.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Structural equality where NaN equals NaN and doubles compare bit for bit (so -0.0 ≠ 0.0).
func equivalent(_ a: RESPValue, _ b: RESPValue) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)):
        return (x.isNaN && y.isNaN) || x.bitPattern == y.bitPattern
    case (.array(let x), .array(let y)), (.set(let x), .set(let y)), (.push(let x), .push(let y)):
        return x.count == y.count && zip(x, y).allSatisfy(equivalent)
    case (.map(let x), .map(let y)):
        return equivalent(x, y)
    case (.attribute(let xPairs, let xValue), .attribute(let yPairs, let yValue)):
        return equivalent(xPairs, yPairs) && equivalent(xValue, yValue)
    default:
        return a == b
    }
}

func equivalent(_ x: [RESPPair], _ y: [RESPPair]) -> Bool {
    x.count == y.count && zip(x, y).allSatisfy { equivalent($0.key, $1.key) && equivalent($0.value, $1.value) }
}
