import RESP
import Testing

@Suite("Decoder: spec examples")
struct DecoderExamplesTests {
    @Test("decodes the example", arguments: specExamples)
    func decodesExample(_ example: WireExample) {
        #expect(decodeComplete(example.bytes) == example.value)
    }

    @Test("decodes the same from inside a larger buffer", arguments: specExamples)
    func decodesFromAnOffset(_ example: WireExample) throws {
        var decoder = RESPDecoder()
        let buffer = wire("+before\r\n") + example.bytes
        let decoded = try decoder.decode(buffer, from: 9)
        #expect(decoded?.value == example.value)
        #expect(decoded?.consumed == example.bytes.count)
    }

    @Test("consumes only its own reply when more bytes follow", arguments: specExamples)
    func stopsAtItsEnd(_ example: WireExample) {
        let bytes = example.bytes + wire("+NEXT\r\n:1")
        #expect(decodeOnce(bytes) == .value(example.value, consumed: example.bytes.count))
    }

    @Test("the encoder writes RESP3 that decodes back", arguments: specExamples)
    func encoderRoundTrip(_ example: WireExample) {
        #expect(decodeComplete(RESPEncoder.encode(example.value)) == example.value)
    }

    @Test func nan() {
        for text in [",nan\r\n", ",-nan\r\n", ",NaN\r\n"] {
            guard case .double(let value)? = decodeComplete(wire(text)) else {
                Issue.record("\(text.debugDescription) is not a double")
                continue
            }
            #expect(value.isNaN)
        }
    }

    @Test func negativeZeroKeepsItsSign() {
        guard case .double(let value)? = decodeComplete(wire(",-0.0\r\n")) else {
            Issue.record("not a double")
            return
        }
        #expect(value == 0 && value.sign == .minus)
    }

    @Test func hugeExponentIsInfinite() {
        #expect(decodeComplete(wire(",1e400\r\n")) == .double(.infinity))
        #expect(decodeComplete(wire(",-1e400\r\n")) == .double(-.infinity))
        #expect(decodeComplete(wire(",1e-400\r\n")) == .double(0))
    }

    @Test func integersOfEveryWidth() {
        var digits = ""
        for width in 1...19 {
            digits += String(width % 10)
            for sign in ["", "-", "+"] {
                let text = sign + digits
                let expected = Int64(text)!
                #expect(decodeComplete(wire(":\(text)\r\n")) == .integer(expected), "\(text)")
                // The same number as an aggregate length must be parsed just as well.
                if expected >= 0, expected <= 3 {
                    #expect(
                        decodeComplete(wire("*\(text)\r\n" + String(repeating: "_\r\n", count: Int(expected))))?.elements?.count
                            == Int(expected))
                }
            }
        }
        #expect(decodeComplete(wire(":007\r\n")) == .integer(7))
        #expect(decodeComplete(wire(":-0\r\n")) == .integer(0))
        #expect(decodeComplete(wire(":0000000000000000000000000000042\r\n")) == .integer(42))
        #expect(decodeComplete(wire("$0003\r\nabc\r\n")) == .bulk("abc"))
    }

    @Test func consecutiveRepliesDecodeOneAtATime() throws {
        let bytes = wire("+OK\r\n:1\r\n$3\r\nfoo\r\n*1\r\n_\r\n")
        var decoder = RESPDecoder()
        var offset = 0
        var values: [RESPValue] = []
        while let (value, used) = try decoder.decode(Array(bytes[offset...])) {
            values.append(value)
            offset += used
        }
        #expect(values == [.simpleString("OK"), .integer(1), .bulk("foo"), .array([.null])])
        #expect(offset == bytes.count)
    }

    @Test func decodeAllReturnsTheIncompleteRemainder() throws {
        let (values, remainder) = try RESPDecoder.decodeAll(wire("+a\r\n+b\r\n*2\r\n:1\r\n"))
        #expect(values == [.simpleString("a"), .simpleString("b")])
        #expect(remainder == wire("*2\r\n:1\r\n"))

        let all = try RESPDecoder.decodeAll(specExamples.flatMap(\.bytes))
        #expect(all.values == specExamples.map(\.value))
        #expect(all.remainder.isEmpty)
    }

    @Test func decodeAllThrowsOnMalformedInput() {
        #expect(throws: RESPDecodingError(.unknownType, at: 0)) {
            try RESPDecoder.decodeAll(wire("+ok\r\n?\r\n"))
        }
    }

    @Test func emptyInputNeedsMore() {
        #expect(decodeOnce([]) == .needMore)
    }
}

@Suite("RESPValue helpers")
struct RESPValueHelperTests {
    let attributed = RESPValue.attribute([RESPPair(.simpleString("ttl"), .integer(1))], value: .bulk("42"))

    @Test func strings() {
        #expect(RESPValue.simpleString("a").string == "a")
        #expect(RESPValue.bulk("b").string == "b")
        #expect(RESPValue.verbatimString(format: "txt", text: RESPBytes(Array("c".utf8))).string == "c")
        #expect(RESPValue.integer(1).string == nil)
        #expect(attributed.string == "42")
    }

    @Test func integers() {
        #expect(RESPValue.integer(-7).int == -7)
        #expect(RESPValue.bulk("123").int == 123)
        #expect(RESPValue.bulk("x").int == nil)
        #expect(attributed.int == 42)
    }

    @Test func errors() {
        #expect(RESPValue.simpleError("ERR x").isError)
        #expect(RESPValue.bulkError(RESPBytes(Array("SYNTAX y".utf8))).errorMessage == "SYNTAX y")
        #expect(RESPValue.attribute([], value: .simpleError("E")).errorMessage == "E")
        #expect(!RESPValue.simpleString("ERR").isError)
        #expect(RESPValue.null.errorMessage == nil)
    }

    @Test func elementsAndAttributes() {
        #expect(RESPValue.set([.integer(1)]).elements == [.integer(1)])
        #expect(RESPValue.push([]).elements == [])
        #expect(RESPValue.map([]).elements == nil)
        #expect(attributed.withoutAttributes == .bulk("42"))
        #expect(RESPValue.attribute([], value: attributed).withoutAttributes == .bulk("42"))
    }

    @Test func typeNames() {
        let expected: [(RESPValue, String)] = [
            (.simpleString(""), "string"), (.bulkString([]), "string"), (.verbatimString(format: "txt", text: []), "string"),
            (.simpleError(""), "error"), (.bulkError([]), "error"), (.integer(0), "integer"), (.null, "nil"),
            (.array([]), "array"), (.boolean(true), "boolean"), (.double(0), "double"), (.bigNumber("1"), "bignumber"),
            (.map([]), "map"), (.set([]), "set"), (.push([]), "push"), (attributed, "string"),
        ]
        for (value, name) in expected {
            #expect(value.typeName == name, "\(value)")
        }
    }
}
