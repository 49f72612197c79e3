import RedisREST
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    private func failure(_ text: String) -> JSONParser.Failure? {
        do {
            _ = try JSONParser.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesKeepTheirTextAndBytes() throws {
        #expect(
            try parse(#" ["SET", "k", 10, -1.50e+3, true, null, {"a": [] }] "#)
                == .array([
                    .string(Array("SET".utf8)), .string(Array("k".utf8)), .number("10"), .number("-1.50e+3"), .bool(true), .null,
                    .object([JSONMember("a", .array([]))]),
                ]))
    }

    @Test func escapesBecomeUTF8() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\udc4b""#) == .string(Array("a\"b\\c/d\n\té👋".utf8)))
    }

    @Test func rawBytesPassThrough() throws {
        // Not checked to be UTF-8: a Redis string is bytes.
        #expect(try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) == .string([0xFF, 0xFE]))
    }

    @Test func malformedInputNamesWhereAndWhy() {
        #expect(failure(#"["SET","k""#)?.reason == "the input ends inside an array")
        #expect(failure(#"["SET",]"#)?.offset == 7)
        #expect(failure("01")?.reason == "unexpected text after the value")
        #expect(failure("1.")?.reason == "a number needs a digit after '.'")
        #expect(failure("-")?.reason == "a number needs a digit")
        #expect(failure(#""\ud83d""#)?.reason.contains("must be followed by a low one") == true)
        #expect(failure(#""\udc4b""#)?.reason.contains("without a high one") == true)
        #expect(failure("\"a\nb\"")?.reason.contains("control character") == true)
        #expect(failure(#""\x""#)?.reason == "unknown escape '\\x'")
        #expect(failure("tru")?.reason == "unexpected end of input")
        #expect(failure("[1 2]")?.reason == "expected ',' or ']' but found '2'")
        #expect(failure(#"{"a" 1}"#)?.reason == "expected ':' after a member name")
        #expect(failure("")?.reason == "the input ends where a value should be")
    }

    @Test func nestingIsBounded() {
        #expect(failure(String(repeating: "[", count: 100_000))?.reason == "nested deeper than 32 levels")
        #expect((try? JSONParser.parse(Array((String(repeating: "[", count: 32) + String(repeating: "]", count: 32)).utf8))) != nil)
    }

    @Test func writerOutputParsesBackToTheSameValue() throws {
        var generator = SplitMix(seed: 7)
        for _ in 0..<500 {
            let bytes = (0..<Int(generator.next() % 20)).map { _ in Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))] }
            let value = JSONValue.array([.string(Array(bytes.joined().utf8)), .number(String(Int64(bitPattern: generator.next())))])
            #expect(try JSONParser.parse(JSONText.encode(value)) == value)
        }
    }

    private static let alphabet = ["a", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{7F}", "é", "👋", "/", " "]
}

/// A tiny deterministic generator for the round-trip test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
