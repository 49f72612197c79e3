import RESP
import Testing

/// Bytes that can never become a valid reply, and the error they must give.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var kind: RESPDecodingError.Kind
    var offset: Int?
    var limits: RESPLimits

    init(_ text: String, _ kind: RESPDecodingError.Kind, at offset: Int? = nil, limits: RESPLimits = .default) {
        self.init(wire(text), kind, at: offset, limits: limits)
    }

    init(_ bytes: [UInt8], _ kind: RESPDecodingError.Kind, at offset: Int? = nil, limits: RESPLimits = .default) {
        self.bytes = bytes
        self.kind = kind
        self.offset = offset
        self.limits = limits
    }

    var testDescription: String {
        let shown = bytes.count > 60 ? Array(bytes.prefix(60)) : bytes
        return "\(kind): \(String(decoding: shown, as: UTF8.self).debugDescription)\(bytes.count > 60 ? "…" : "")"
    }
}

private let small = RESPLimits(maxBulkLength: 10, maxAggregateLength: 4, maxDepth: 3, maxLineLength: 16)

let malformedCases: [MalformedCase] = [
    // Type bytes
    MalformedCase("?foo\r\n", .unknownType, at: 0),
    MalformedCase("hello\r\n", .unknownType, at: 0),
    MalformedCase("GET / HTTP/1.1\r\n", .unknownType, at: 0),
    MalformedCase([0x00, 13, 10], .unknownType, at: 0),
    MalformedCase([0xFF, 13, 10], .unknownType, at: 0),
    MalformedCase("\r\n", .unknownType, at: 0),
    MalformedCase(" +OK\r\n", .unknownType, at: 0),
    MalformedCase("*2\r\n:1\r\n?\r\n", .unknownType, at: 8),
    MalformedCase("%1\r\n+k\r\n@v\r\n", .unknownType, at: 8),
    // Lengths
    MalformedCase("$-2\r\n", .invalidLength, at: 1),
    MalformedCase("$-100\r\n", .invalidLength),
    MalformedCase("*-2\r\n", .invalidLength, at: 1),
    MalformedCase("%-1\r\n", .invalidLength),
    MalformedCase("~-1\r\n", .invalidLength),
    MalformedCase(">-1\r\n", .invalidLength),
    MalformedCase("|-1\r\n", .invalidLength),
    MalformedCase("!-1\r\n", .invalidLength),
    MalformedCase("=-1\r\n", .invalidLength),
    MalformedCase("$abc\r\n", .invalidLength),
    MalformedCase("$\r\n", .invalidLength),
    MalformedCase("$1.5\r\n", .invalidLength),
    MalformedCase("$ 3\r\nfoo\r\n", .invalidLength),
    MalformedCase("*x\r\n", .invalidLength),
    MalformedCase("*\r\n", .invalidLength),
    MalformedCase("%two\r\n", .invalidLength),
    MalformedCase("$9223372036854775808\r\n", .invalidLength),
    MalformedCase("*99999999999999999999\r\n", .invalidLength),
    MalformedCase("*1\r\n$-5\r\n", .invalidLength, at: 5),
    // Limits
    MalformedCase("$11\r\n", .bulkTooLong, at: 1, limits: small),
    MalformedCase("!11\r\n", .bulkTooLong, limits: small),
    MalformedCase("=11\r\n", .bulkTooLong, limits: small),
    MalformedCase("$536870913\r\n", .bulkTooLong),
    MalformedCase("$9223372036854775807\r\n", .bulkTooLong),
    MalformedCase("*5\r\n", .aggregateTooLong, at: 1, limits: small),
    MalformedCase("~5\r\n", .aggregateTooLong, limits: small),
    MalformedCase(">5\r\n", .aggregateTooLong, limits: small),
    MalformedCase("%3\r\n", .aggregateTooLong, limits: small),
    MalformedCase("|3\r\n", .aggregateTooLong, limits: small),
    MalformedCase("*4294967295\r\n", .aggregateTooLong, limits: RESPLimits(maxAggregateLength: 1000)),
    MalformedCase("*4294967297\r\n", .aggregateTooLong),
    MalformedCase("%2147483649\r\n", .aggregateTooLong),
    MalformedCase("*9223372036854775807\r\n", .aggregateTooLong),
    MalformedCase("*1\r\n*1\r\n*1\r\n*1\r\n", .nestingTooDeep, at: 12, limits: small),
    MalformedCase("%1\r\n%1\r\n%1\r\n%1\r\n", .nestingTooDeep, limits: small),
    MalformedCase("|1\r\n|1\r\n|1\r\n|1\r\n", .nestingTooDeep, limits: small),
    MalformedCase("+" + String(repeating: "a", count: 17) + "\r\n", .lineTooLong, at: 0, limits: small),
    MalformedCase("+" + String(repeating: "a", count: 100), .lineTooLong, at: 0, limits: small),
    MalformedCase("$" + String(repeating: "0", count: 30) + "1\r\n", .lineTooLong, limits: small),
    MalformedCase("*1\r\n-" + String(repeating: "e", count: 20), .lineTooLong, at: 4, limits: small),
    MalformedCase("+" + String(repeating: "x", count: 64 * 1024 + 1) + "\r\n", .lineTooLong),
    // CRLF
    MalformedCase("+OK\n", .missingCRLF, at: 3),
    MalformedCase("+OK\rX\r\n", .missingCRLF, at: 3),
    MalformedCase("+O\nK\r\n", .missingCRLF, at: 2),
    MalformedCase(":1\n", .missingCRLF),
    MalformedCase("$3\nfoo\r\n", .missingCRLF),
    MalformedCase("$3\r\nfooXY", .missingCRLF, at: 7),
    MalformedCase("$3\r\nfoo\rX", .missingCRLF, at: 7),
    MalformedCase("$3\r\nfoo\n\r", .missingCRLF, at: 7),
    MalformedCase("$3\r\nfoobar\r\n", .missingCRLF, at: 7),
    MalformedCase("$0\r\nX\r\n", .missingCRLF, at: 4),
    MalformedCase("!3\r\nabcd\r\n", .missingCRLF),
    MalformedCase("*2\r\n:1\r\n:2\n", .missingCRLF, at: 10),
    // Integers
    MalformedCase(":abc\r\n", .invalidInteger, at: 1),
    MalformedCase(":\r\n", .invalidInteger),
    MalformedCase(":-\r\n", .invalidInteger),
    MalformedCase(":+\r\n", .invalidInteger),
    MalformedCase(":1.5\r\n", .invalidInteger),
    MalformedCase(": 1\r\n", .invalidInteger),
    MalformedCase(":1 \r\n", .invalidInteger),
    MalformedCase(":--1\r\n", .invalidInteger),
    MalformedCase(":0x10\r\n", .invalidInteger),
    MalformedCase(":9223372036854775808\r\n", .invalidInteger),
    MalformedCase(":-9223372036854775809\r\n", .invalidInteger),
    MalformedCase(":99999999999999999999999\r\n", .invalidInteger),
    MalformedCase("*2\r\n:1\r\n:x\r\n", .invalidInteger, at: 9),
    // Doubles
    MalformedCase(",\r\n", .invalidDouble, at: 1),
    MalformedCase(",abc\r\n", .invalidDouble),
    MalformedCase(",1.2.3\r\n", .invalidDouble),
    MalformedCase(",0x1p3\r\n", .invalidDouble),
    MalformedCase(",infinity\r\n", .invalidDouble),
    MalformedCase(",1e\r\n", .invalidDouble),
    MalformedCase(",e5\r\n", .invalidDouble),
    MalformedCase(",-\r\n", .invalidDouble),
    MalformedCase(",.\r\n", .invalidDouble),
    MalformedCase(", 1\r\n", .invalidDouble),
    MalformedCase(",1 \r\n", .invalidDouble),
    MalformedCase(",1-2\r\n", .invalidDouble),
    // Other RESP3 types
    MalformedCase("#x\r\n", .invalidBoolean, at: 1),
    MalformedCase("#\r\n", .invalidBoolean),
    MalformedCase("#tt\r\n", .invalidBoolean),
    MalformedCase("#T\r\n", .invalidBoolean),
    MalformedCase("_x\r\n", .invalidNull, at: 1),
    MalformedCase("_ \r\n", .invalidNull),
    MalformedCase("(12a\r\n", .invalidBigNumber, at: 1),
    MalformedCase("(\r\n", .invalidBigNumber),
    MalformedCase("(-\r\n", .invalidBigNumber),
    MalformedCase("(1.5\r\n", .invalidBigNumber),
    MalformedCase("=3\r\ntxt\r\n", .invalidVerbatim),
    MalformedCase("=0\r\n\r\n", .invalidVerbatim),
    MalformedCase("=5\r\ntxtxx\r\n", .invalidVerbatim, at: 4),
    MalformedCase("=4\r\ntx:t\r\n", .invalidVerbatim),
]

@Suite("Decoder: malformed input")
struct DecoderMalformedTests {
    @Test("gives the typed error", arguments: malformedCases)
    func givesTypedError(_ example: MalformedCase) {
        let outcome = decodeOnce(example.bytes, limits: example.limits)
        guard let error = outcome.error else {
            Issue.record("expected \(example.kind), got \(outcome)")
            return
        }
        #expect(error.kind == example.kind)
        if let offset = example.offset { #expect(error.offset == offset) }
        #expect(error.offset >= 0 && error.offset <= example.bytes.count)
        #expect(error.description.contains(example.kind.rawValue))
    }

    @Test("gives the same error when the bytes arrive one at a time", arguments: malformedCases)
    func sameErrorWhenStreamed(_ example: MalformedCase) {
        let cuts = Array(1..<max(1, example.bytes.count))
        let outcome = stream(example.bytes, cuts: cuts, limits: example.limits)
        #expect(outcome.error?.kind == example.kind, "\(outcome)")
    }

    @Test("reset after an error decodes fresh input", arguments: malformedCases)
    func resetAfterError(_ example: MalformedCase) {
        var decoder = RESPDecoder(limits: example.limits)
        #expect(decodeOnce(example.bytes, with: &decoder).error?.kind == example.kind)
        decoder.reset()
        #expect(
            decodeOnce(wire("*2\r\n+OK\r\n:1\r\n"), with: &decoder) == .value(.array([.simpleString("OK"), .integer(1)]), consumed: 13))
    }

    @Test func decoderRecoversEvenWithoutExplicitReset() {
        var decoder = RESPDecoder(limits: small)
        // Part of a frame is scanned, then the rest turns out malformed.
        #expect(decodeOnce(wire("*2\r\n*1\r\n:1\r\n"), with: &decoder) == .needMore)
        #expect(decodeOnce(wire("*2\r\n*1\r\n:1\r\n:x\r\n"), with: &decoder).error?.kind == .invalidInteger)
        #expect(decodeOnce(wire("+fresh\r\n"), with: &decoder) == .value(.simpleString("fresh"), consumed: 8))
    }

    @Test func resetForgetsAPartlyScannedFrame() {
        var decoder = RESPDecoder()
        #expect(decodeOnce(wire("*3\r\n:1\r\n:2\r\n"), with: &decoder) == .needMore)
        decoder.reset()
        #expect(decodeOnce(wire(":7\r\n"), with: &decoder) == .value(.integer(7), consumed: 4))
        #expect(decodeOnce(wire("*1\r\n"), with: &decoder) == .needMore)
        decoder.reset()
        #expect(
            decodeOnce(wire("%1\r\n+a\r\n+b\r\n"), with: &decoder)
                == .value(.map([RESPPair(.simpleString("a"), .simpleString("b"))]), consumed: 12))
    }

    @Test func unknownTypeIsReportedBeforeTheLineEnds() {
        // A peer that is not speaking RESP is caught at its first byte, not after 64 KiB.
        #expect(decodeError(wire("HTTP/1.1 400 Bad"))?.kind == .unknownType)
        #expect(decodeError(wire("*1\r\n?"))?.kind == .unknownType)
    }

    @Test func oversizedLengthIsReportedBeforeThePayload() {
        let limits = RESPLimits(maxBulkLength: 1024)
        #expect(decodeError(wire("$1024\r\n"), limits: limits) == nil)
        #expect(decodeError(wire("$1025\r\n"), limits: limits)?.kind == .bulkTooLong)
        var exact = wire("$1024\r\n") + [UInt8](repeating: 0, count: 1024) + wire("\r\n")
        #expect(decodeComplete(exact, limits: limits) == .bulk([UInt8](repeating: 0, count: 1024)))
        exact[0] = UInt8(ascii: "!")
        #expect(decodeComplete(exact, limits: limits) == .bulkError(RESPBytes([UInt8](repeating: 0, count: 1024))))
    }

    @Test func aggregateLimitIsInclusive() {
        let limits = RESPLimits(maxAggregateLength: 4)
        #expect(decodeComplete(wire("*4\r\n:1\r\n:2\r\n:3\r\n:4\r\n"), limits: limits)?.elements?.count == 4)
        #expect(decodeComplete(wire("%2\r\n:1\r\n:2\r\n:3\r\n:4\r\n"), limits: limits) != nil)
        #expect(decodeError(wire("%3\r\n"), limits: limits)?.kind == .aggregateTooLong)
    }

    @Test func lineLimitIsInclusive() {
        let limits = RESPLimits(maxLineLength: 16)
        let sixteen = String(repeating: "a", count: 16)
        #expect(decodeComplete(wire("+\(sixteen)\r\n"), limits: limits) == .simpleString(sixteen))
        #expect(decodeOnce(wire("+\(sixteen)"), limits: limits) == .needMore)
        #expect(decodeOnce(wire("+\(sixteen)\r"), limits: limits) == .needMore)
        #expect(decodeError(wire("+\(sixteen)a\r\n"), limits: limits)?.kind == .lineTooLong)
        #expect(decodeError(wire("+\(sixteen)\rX"), limits: limits)?.kind == .missingCRLF)
        // Integers and lengths count against the same limit.
        let three = RESPLimits(maxLineLength: 3)
        #expect(decodeComplete(wire(":123\r\n"), limits: three) == .integer(123))
        #expect(decodeError(wire(":1234\r\n"), limits: three)?.kind == .lineTooLong)
        #expect(decodeError(wire("*1234\r\n"), limits: three)?.kind == .lineTooLong)
        // Bulk payloads are not lines: only their header is.
        #expect(decodeComplete(wire("$6\r\nabcdef\r\n"), limits: three) == .bulk("abcdef"))
    }

    @Test func extremeCustomLimitsNeverTrap() {
        let unlimited = RESPLimits(maxBulkLength: .max, maxAggregateLength: .max, maxDepth: 1000, maxLineLength: .max)
        // Payloads count in 32 bits (RESPBytes): 4 GiB - 1 at most, whatever the limit says.
        #expect(decodeOnce(wire("$4294967295\r\nabc"), limits: unlimited) == .needMore)
        #expect(decodeError(wire("$4294967296\r\nabc"), limits: unlimited)?.kind == .bulkTooLong)
        #expect(decodeError(wire("$9223372036854775807\r\nabc"), limits: unlimited)?.kind == .bulkTooLong)
        #expect(decodeError(wire("!9223372036854775806\r\n"), limits: unlimited)?.kind == .bulkTooLong)
        #expect(decodeError(wire("=9223372036854775805\r\ntxt:"), limits: unlimited)?.kind == .bulkTooLong)
        #expect(decodeOnce(wire("*9223372036854775807\r\n:1\r\n"), limits: unlimited) == .needMore)
        #expect(decodeOnce(wire("%4611686018427387903\r\n"), limits: unlimited) == .needMore)
        #expect(decodeOnce(wire("|4611686018427387903\r\n"), limits: unlimited) == .needMore)
        #expect(decodeOnce(wire("+abc"), limits: unlimited) == .needMore)
        #expect(decodeComplete(wire("+abc\r\n"), limits: unlimited) == .simpleString("abc"))
        let zero = RESPLimits(maxBulkLength: 0, maxAggregateLength: 0, maxDepth: 0, maxLineLength: 1)
        #expect(decodeComplete(wire("$0\r\n\r\n"), limits: zero) == .bulkString([]))
        #expect(decodeComplete(wire("*0\r\n"), limits: zero) == .array([]))
        #expect(decodeError(wire("*1\r\n"), limits: zero)?.kind == .aggregateTooLong)
        #expect(decodeError(wire("|0\r\n"), limits: zero)?.kind == .nestingTooDeep)
    }
}

@Suite("Decoder: limits against hostile input")
struct DecoderLimitsTests {
    @Test func nestingBombIsRejected() {
        let bomb = wire(String(repeating: "*1\r\n", count: 100_000))
        let error = decodeError(bomb)
        #expect(error?.kind == .nestingTooDeep)
        #expect(error?.offset == 128 * 4)
        // The same, as it would arrive from the network.
        let streamed = stream(bomb, cuts: Array(stride(from: 3, to: bomb.count, by: 3)))
        #expect(streamed.error?.kind == .nestingTooDeep)
    }

    @Test(arguments: ["*1\r\n", "%1\r\n+k\r\n", "~1\r\n", ">1\r\n", "|1\r\n+k\r\n+v\r\n", "*2\r\n:0\r\n"])
    func nestingBombOfEveryAggregate(_ level: String) {
        let bomb = wire(String(repeating: level, count: 20_000))
        #expect(decodeError(bomb)?.kind == .nestingTooDeep)
        #expect(decodeError(bomb, limits: RESPLimits(maxDepth: 5))?.kind == .nestingTooDeep)
    }

    @Test func nestingUpToTheLimitDecodes() {
        for depth in [1, 2, 64, 127, 128] {
            let bytes = wire(String(repeating: "*1\r\n", count: depth) + ":1\r\n")
            let value = (0..<depth).reduce(RESPValue.integer(1)) { inner, _ in .array([inner]) }
            #expect(decodeComplete(bytes) == value, "depth \(depth)")
        }
        #expect(decodeError(wire(String(repeating: "*1\r\n", count: 129) + ":1\r\n"))?.kind == .nestingTooDeep)
        let limits = RESPLimits(maxDepth: 3)
        #expect(decodeComplete(wire("*1\r\n%1\r\n:1\r\n~1\r\n_\r\n"), limits: limits) != nil)
        #expect(decodeError(wire("*1\r\n%1\r\n:1\r\n~1\r\n>0\r\n"), limits: limits) == nil)
        #expect(decodeError(wire("*1\r\n%1\r\n:1\r\n~1\r\n>1\r\n"), limits: limits)?.kind == .nestingTooDeep)
    }

    @Test func hugeDeclaredAggregateIsRejectedByATightLimit() {
        let limits = RESPLimits(maxAggregateLength: 1000)
        #expect(decodeError(wire("*4294967295\r\n"), limits: limits)?.kind == .aggregateTooLong)
        #expect(decodeError(wire("%4294967295\r\n"), limits: limits)?.kind == .aggregateTooLong)
        #expect(decodeError(wire("~1001\r\n"), limits: limits)?.kind == .aggregateTooLong)
        #expect(decodeError(wire("~1000\r\n"), limits: limits) == nil)
    }

    @Test func hugeDeclaredAggregateWithDefaultLimitsNeedsMoreWithoutAllocating() {
        let before = virtualMemorySize()
        var decoder = RESPDecoder()
        var bytes = wire("*4294967295\r\n")
        #expect(decodeOnce(bytes, with: &decoder) == .needMore)
        for header in ["%2147483648\r\n", "~4294967296\r\n", ">4294967295\r\n", "|2147483647\r\n"] {
            #expect(decodeOnce(wire(header)) == .needMore, "\(header.debugDescription)")
        }
        // Elements that do arrive are scanned, and still nothing is built.
        for _ in 0..<10_000 { bytes += wire(":1\r\n") }
        #expect(decodeOnce(bytes, with: &decoder) == .needMore)
        let after = virtualMemorySize()
        if let before, let after {
            // Room for 4 billion elements is tens of GiB; allow generous noise from threads and
            // malloc arenas of tests running in parallel.
            #expect(after - before < 4 << 30, "virtual memory grew by \(after - before) bytes")
        }
    }
    @Test func nestedHugeDeclaredAggregatesDoNotMultiplyMemory() {
        // 128 levels that each declare a billion elements, then a million real ones: room
        // may be reserved for what arrived, not for what each level declares.
        let bytes =
            wire(String(repeating: "*1000000000\r\n", count: 128)) + Array(repeating: wire("_\r\n"), count: 1_000_000).flatMap { $0 }
        let before = virtualMemoryPeak()
        var decoder = RESPDecoder()
        #expect(decodeOnce(bytes, with: &decoder) == .needMore)
        // The scan takes over from where the first pass stopped.
        #expect(decodeOnce(bytes + wire("_\r\n"), with: &decoder) == .needMore)
        let after = virtualMemoryPeak()
        if let before, let after {
            // Reserving a million slots at each of the 128 levels would be several GiB.
            #expect(after - before < 1 << 30, "peak virtual memory grew by \(after - before) bytes")
        }
    }
}

#if canImport(Glibc)
import Glibc

/// The process's virtual memory size (VmSize in /proc/self/status) in bytes, where readable.
/// Reserving room for billions of elements would grow it by tens of GiB, touched or not.
func virtualMemorySize() -> Int? { procStatus("VmSize:") }

/// The largest virtual memory size the process has had (VmPeak), in bytes.
func virtualMemoryPeak() -> Int? { procStatus("VmPeak:") }

private func procStatus(_ field: String) -> Int? {
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard text.hasPrefix(field) else { continue }
        let kilobytes = text.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            .first.flatMap { Int($0) }
        return kilobytes.map { $0 * 1024 }
    }
    return nil
}
#else
func virtualMemorySize() -> Int? { nil }
func virtualMemoryPeak() -> Int? { nil }
#endif
