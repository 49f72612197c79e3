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

    /// Every string of up to three characters from an alphabet of the characters JSON
    /// escapes and a few it does not (1,885 strings), written and read back.
    @Test func writerOutputParsesBackToTheSameValue() throws {
        var strings = [""]
        var previous = [""]
        for _ in 0..<3 {
            previous = previous.flatMap { prefix in Self.alphabet.map { prefix + $0 } }
            strings += previous
        }
        for (index, text) in strings.enumerated() {
            let value = JSONValue.array([.string(Array(text.utf8)), .number(String(index * -7919))])
            #expect(try JSONParser.parse(JSONText.encode(value)) == value, "\(text.debugDescription)")
        }
    }

    private static let alphabet = ["a", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{7F}", "é", "👋", "/", " "]
}
