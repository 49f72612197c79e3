import RESP
import Testing

@Suite("Decoder: truncation and chunking")
struct DecoderTruncationTests {
    @Test("every proper prefix needs more (fresh decoder each time)", arguments: specExamples)
    func everyPrefixNeedsMore(_ example: WireExample) {
        for cut in 0..<example.bytes.count {
            let outcome = decodeOnce(Array(example.bytes[..<cut]))
            #expect(outcome == .needMore, "prefix of \(cut) bytes gave \(outcome)")
        }
        #expect(decodeOnce(example.bytes) == .value(example.value, consumed: example.bytes.count))
    }

    @Test("one decoder sees the reply grow byte by byte, then completes", arguments: specExamples)
    func growingPrefixesWithOneDecoder(_ example: WireExample) {
        var decoder = RESPDecoder()
        for cut in 0..<example.bytes.count {
            let outcome = decodeOnce(Array(example.bytes[..<cut]), with: &decoder)
            #expect(outcome == .needMore, "prefix of \(cut) bytes gave \(outcome)")
        }
        #expect(decodeOnce(example.bytes, with: &decoder) == .value(example.value, consumed: example.bytes.count))
        // The decoder is ready for the next reply.
        #expect(decodeOnce(wire("+OK\r\n"), with: &decoder) == .value(.simpleString("OK"), consumed: 5))
    }

    @Test("one decoder sees the reply arrive in jumps, then completes", arguments: specExamples)
    func jumpingPrefixesWithOneDecoder(_ example: WireExample) {
        for step in [2, 3, 5, 8] {
            var decoder = RESPDecoder()
            for cut in stride(from: 1, to: example.bytes.count, by: step) {
                let outcome = decodeOnce(Array(example.bytes[..<cut]), with: &decoder)
                #expect(outcome == .needMore, "step \(step), prefix of \(cut) bytes gave \(outcome)")
            }
            #expect(decodeOnce(example.bytes, with: &decoder) == .value(example.value, consumed: example.bytes.count))
        }
    }

    @Test("a truncated reply followed by its rest completes once", arguments: specExamples)
    func truncatedThenCompleted(_ example: WireExample) {
        for cut in 0..<example.bytes.count {
            var reader = StreamReader()
            let first = try? reader.receive(example.bytes[..<cut])
            #expect(first == [])
            let second = try? reader.receive(example.bytes[cut...])
            #expect(second == [example.value], "split at \(cut)")
            #expect(reader.pending.isEmpty)
        }
    }

    @Test("every chunking of all examples gives the same values", arguments: Chunking.allCases)
    func chunkingOfTheExamples(_ chunking: Chunking) {
        let bytes = specExamples.flatMap(\.bytes)
        for seed: UInt64 in [1, 2, 3, 42, 1234] {
            let outcome = stream(bytes, cuts: chunking.cuts(count: bytes.count, seed: seed))
            #expect(outcome.error == nil)
            #expect(outcome.leftover.isEmpty)
            #expect(outcome.values == specExamples.map(\.value))
            if chunking == .allAtOnce || chunking == .byteByByte || chunking == .sixteenKiB { break }
        }
    }

    @Test("a large pipelined stream decodes identically in every chunking", arguments: Chunking.allCases)
    func chunkingOfALargeStream(_ chunking: Chunking) {
        let (bytes, expected) = Self.largeStream
        let outcome = stream(bytes, cuts: chunking.cuts(count: bytes.count, seed: 7))
        #expect(outcome.error == nil)
        #expect(outcome.leftover.isEmpty)
        #expect(outcome.values.count == expected.count)
        #expect(outcome.values == expected)
    }

    @Test("an incomplete tail stays pending in every chunking", arguments: Chunking.allCases)
    func incompleteTailStaysPending(_ chunking: Chunking) {
        let tail = wire("*3\r\n$5\r\nhello\r\n%1\r\n+k\r\n")
        let bytes = specExamples.flatMap(\.bytes) + tail
        let outcome = stream(bytes, cuts: chunking.cuts(count: bytes.count, seed: 99))
        #expect(outcome.error == nil)
        #expect(outcome.values == specExamples.map(\.value))
        #expect(outcome.leftover == tail)
    }

    /// A large reply in small reads must be scanned once, not again from its start on each
    /// read: quadratic rescanning of this ~2.5 MB reply in 64-byte reads would take hours.
    @Test(.timeLimit(.minutes(1)))
    func largeReplyInSmallReadsIsLinear() throws {
        let count = 200_000
        var bytes = wire("*\(count)\r\n")
        for i in 0..<count { bytes += wire(":\(i)\r\n") }
        let bulk = [UInt8](repeating: 0x61, count: 1 << 20)
        bytes += wire("$\(bulk.count)\r\n") + bulk + wire("\r\n")

        var reader = StreamReader()
        var values: [RESPValue] = []
        var from = 0
        while from < bytes.count {
            let to = min(from + 64, bytes.count)
            values += try reader.receive(bytes[from..<to])
            from = to
        }
        #expect(values.count == 2)
        #expect(values.first?.elements?.count == count)
        #expect(values.first?.elements?.last == .integer(Int64(count - 1)))
        #expect(values.last == .bulk(bulk))
    }

    /// About 3,000 replies of every type, some large, some deeply nested.
    static let largeStream: (bytes: [UInt8], values: [RESPValue]) = {
        var rng = SplitMix64(seed: 2024)
        var values: [RESPValue] = []
        for i in 0..<3000 {
            switch i % 6 {
            case 0: values.append(specExamples[Int.random(in: 0..<specExamples.count, using: &rng)].value)
            case 1: values.append(.bulk((0..<Int.random(in: 0...2000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }))
            case 2:
                values.append(
                    .array((0..<Int.random(in: 0...200, using: &rng)).map { _ in .integer(Int64.random(in: .min ... .max, using: &rng)) }))
            case 3:
                values.append(
                    .map(
                        (0..<Int.random(in: 0...20, using: &rng)).map { j in
                            RESPPair(.bulk("field:\(j)"), .double(Double.random(in: -1e6...1e6, using: &rng)))
                        }))
            case 4:
                let depth = Int.random(in: 1...100, using: &rng)
                values.append((0..<depth).reduce(RESPValue.integer(Int64(depth))) { inner, _ in .array([inner, .null]) })
            default:
                values.append(
                    .push([
                        .bulk("message"), .bulk("channel:\(i)"), .set([.boolean(i % 2 == 0), .bigNumber("\(i)0000000000000000000000")]),
                    ]))
            }
        }
        return (values.flatMap { RESPEncoder.encode($0) }, values)
    }()
}
