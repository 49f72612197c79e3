import RESP
import Testing

/// `skip`: the framing of `decode` without the values, for replies that are only counted.
@Suite("Decoder: skipping a value")
struct DecoderSkipTests {
    @Test("skips exactly what decode consumes, and needs more for every prefix", arguments: specExamples)
    func skipsWhatDecodeConsumes(_ example: WireExample) throws {
        var decoder = RESPDecoder()
        for cut in 0..<example.bytes.count {
            var fresh = RESPDecoder()
            #expect(try fresh.skip(Array(example.bytes[..<cut])) == nil, "prefix of \(cut) bytes")
            // One decoder, the reply growing byte by byte: resumes where it stopped.
            #expect(try decoder.skip(Array(example.bytes[..<cut])) == nil, "growing prefix of \(cut) bytes")
        }
        #expect(try decoder.skip(example.bytes) == example.bytes.count)
        // Ready for the next value, skipped or decoded.
        #expect(try decoder.decode(wire("+OK\r\n"))?.consumed == 5)
    }

    @Test("skip and decode alternate on one stream, in any chunking")
    func alternatesWithDecode() throws {
        let stream = specExamples.flatMap(\.bytes)
        let values = specExamples.map(\.value)
        for step in [1, 3, 7, 64] {
            var decoder = RESPDecoder()
            var start = 0
            var index = 0
            var available = min(step, stream.count)
            while index < values.count {
                // Even values skipped, odd ones decoded; more bytes only when one needs them.
                let buffer = Array(stream[..<available])
                var used: Int?
                if index % 2 == 0 {
                    used = try decoder.skip(buffer, from: start)
                } else if let (value, consumed) = try decoder.decode(buffer, from: start) {
                    #expect(value == values[index])
                    used = consumed
                }
                guard let used else {
                    guard available < stream.count else {
                        Issue.record("step \(step): value \(index) never completed")
                        break
                    }
                    available = min(stream.count, available + step)
                    continue
                }
                #expect(used == specExamples[index].bytes.count)
                start += used
                index += 1
            }
            #expect(start == stream.count, "step \(step)")
        }
    }

    @Test("gives decode's error on malformed input", arguments: malformedCases)
    func givesTheSameError(_ example: MalformedCase) {
        var decoder = RESPDecoder(limits: example.limits)
        do {
            let skipped = try decoder.skip(example.bytes)
            Issue.record("expected \(example.kind), skipped \(String(describing: skipped))")
        } catch {
            #expect(error.kind == example.kind)
        }
    }
}
