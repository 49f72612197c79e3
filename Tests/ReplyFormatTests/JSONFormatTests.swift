import Foundation
import RESP
import ReplyFormat
import Testing

/// Expected strings marked "redis-cli" were printed by redis-cli 7.0.15 --json; the rest is
/// where redis-cli's output is not valid JSON and ours is.
@Suite("JSON mode")
struct JSONFormatTests {
    @Test func scalarsAsRedisCliPrintsThem() {
        #expect(text(.simpleString("PONG"), .json) == "\"PONG\"\n")
        #expect(text(.integer(-7), .json) == "-7\n")
        #expect(text(.null, .json) == "null\n")
        #expect(text(.boolean(true), .json) == "true\n")
        #expect(text(.double(3.141), .json) == "3.141\n")
        #expect(text(.double(1e17), .json) == "1e+17\n")  // redis-cli: ZSCORE of 1e17
        #expect(
            text(.verbatimString(format: "txt", text: RESPBytes(b("This is a verbatim\nstring"))), .json)
                == "\"This is a verbatim\\nstring\"\n")
        #expect(text(.str("héllo"), .json) == "\"héllo\"\n")
    }

    @Test func stringEscapesMatchRedisCli() {
        // redis-cli --json: EVAL "return string.char(12,31,32,127)" 0
        #expect(ReplyFormatter(mode: .json).format(.bulkString([12, 31, 32, 127])) == b("\"\\f\\u001f \u{7f}\"\n"))
        let text = b("a\u{1}é \t\r\n\u{7}\u{8}\\\"\u{1b}~")
        #expect(ReplyFormatter(mode: .json).format(.bulk(text)) == b(#""a\u0001é \t\r\n\u0007\b\\\"\u001b~""# + "\n"))
    }

    @Test func aggregates() {
        // redis-cli --json: EVAL 'return {1,{},{"a"}}' 0, HELLO 3 (abridged), DEBUG PROTOCOL map / set
        #expect(text(.array([.integer(1), .array([]), .array([.str("a")])]), .json) == "[1,[],[\"a\"]]\n")
        let hello = RESPValue.map([
            RESPPair(.str("server"), .str("redis")), RESPPair(.str("proto"), .integer(3)), RESPPair(.str("modules"), .array([])),
        ])
        #expect(text(hello, .json) == "{\"server\":\"redis\",\"proto\":3,\"modules\":[]}\n")
        let map = RESPValue.map([
            RESPPair(.integer(0), .boolean(false)), RESPPair(.integer(1), .boolean(true)), RESPPair(.integer(2), .boolean(false)),
        ])
        #expect(text(map, .json) == "{\"0\":false,\"1\":true,\"2\":false}\n")
        #expect(text(.set([.integer(0), .integer(1)]), .json) == "[0,1]\n")
        #expect(text(.map([]), .json) == "{}\n")
        #expect(text(.push([.str("message"), .str("ch"), .str("hi")]), .json) == "[\"message\",\"ch\",\"hi\"]\n")
    }

    @Test func errorsAreObjects() throws {
        #expect(text(.simpleError("ERR boom"), .json) == "{\"error\":\"ERR boom\"}\n")
        #expect(text(.array([.integer(1), .bulkError(RESPBytes(b("SYNTAX bad")))]), .json) == "[1,{\"error\":\"SYNTAX bad\"}]\n")
        let parsed = try parseJSON(ReplyFormatter(mode: .json).format(.simpleError("ERR \"quoted\"\n"))) as? [String: String]
        #expect(parsed == ["error": "ERR \"quoted\"\n"])
    }

    @Test func binaryIsBase64() throws {
        #expect(text(.bulkString([0xFF]), .json) == "{\"base64\":\"/w==\"}\n")
        #expect(text(.bulkString([0, 255, 12, 11, 128, 32]), .json) == "{\"base64\":\"AP8MC4Ag\"}\n")
        // Overlong encodings and lone surrogates are not valid UTF-8 either.
        #expect(text(.bulkString([0xC0, 0xAF]), .json) == "{\"base64\":\"wK8=\"}\n")
        #expect(text(.bulkString([0xED, 0xA0, 0x80]), .json) == "{\"base64\":\"7aCA\"}\n")
        let all = [UInt8](0...255)
        let object = try parseJSON(ReplyFormatter(mode: .json).format(.bulk(all))) as? [String: String]
        #expect(object.flatMap { $0["base64"] }.flatMap { Data(base64Encoded: $0) } == Data(all))
    }

    @Test func base64Padding() throws {
        for length in 0..<8 {
            let bytes = [UInt8](repeating: 0xFE, count: length) + [0xFF]
            let object = try parseJSON(ReplyFormatter(mode: .json).format(.bulk(bytes))) as? [String: String]
            #expect(object.flatMap { $0["base64"] }.flatMap { Data(base64Encoded: $0) } == Data(bytes))
        }
    }

    @Test func nonFiniteDoublesAreStrings() {
        #expect(text(.double(.infinity), .json) == "\"inf\"\n")
        #expect(text(.double(-.infinity), .json) == "\"-inf\"\n")
        #expect(text(.double(.nan), .json) == "\"nan\"\n")
        #expect(text(.double(-0.0), .json) == "-0\n")
    }

    @Test func bigNumbers() {
        #expect(text(.bigNumber("3492890328409238509324850943850943825024385"), .json) == "3492890328409238509324850943850943825024385\n")
        #expect(text(.bigNumber("-12"), .json) == "-12\n")
        #expect(text(.bigNumber("+12"), .json) == "12\n")
        #expect(text(.bigNumber("007"), .json) == "\"007\"\n")
    }

    @Test func mapKeysThatAreNotStrings() {
        let scalars = RESPValue.map([
            RESPPair(.double(1.5), .integer(1)), RESPPair(.boolean(true), .integer(2)), RESPPair(.null, .integer(3)),
            RESPPair(.bigNumber("99"), .integer(4)), RESPPair(.simpleString("s"), .integer(5)),
        ])
        #expect(text(scalars, .json) == "{\"1.5\":1,\"true\":2,\"null\":3,\"99\":4,\"s\":5}\n")
    }

    @Test func mapsThatCannotBeObjectsArePairs() {
        let aggregateKey = RESPValue.map([RESPPair(.array([.integer(1)]), .str("a")), RESPPair(.str("k"), .str("b"))])
        #expect(text(aggregateKey, .json) == "[[[1],\"a\"],[\"k\",\"b\"]]\n")
        let duplicate = RESPValue.map([RESPPair(.integer(1), .str("a")), RESPPair(.str("1"), .str("b"))])
        #expect(text(duplicate, .json) == "[[1,\"a\"],[\"1\",\"b\"]]\n")
        let binaryKey = RESPValue.map([RESPPair(.bulkString([0xFF]), .integer(1))])
        #expect(text(binaryKey, .json) == "[[{\"base64\":\"/w==\"},1]]\n")
        // Keys are compared as bytes: these two are canonically equivalent but different.
        let composed = RESPValue.map([RESPPair(.str("\u{E9}"), .integer(1)), RESPPair(.str("e\u{301}"), .integer(2))])
        #expect(text(composed, .json) == "{\"\u{E9}\":1,\"e\u{301}\":2}\n")
    }

    @Test func attributesAreNotShown() {
        let value = RESPValue.attribute([RESPPair(.str("ttl"), .integer(3600))], value: .str("v"))
        #expect(text(value, .json) == "\"v\"\n")
    }

    @Test func oneCompactLinePerReply() {
        let value = RESPValue.array([.map([RESPPair(.str("a"), .array([.str("x\ny")]))]), .null])
        let output = text(value, .json)
        #expect(output == "[{\"a\":[\"x\\ny\"]},null]\n")
        #expect(output.filter { $0 == "\n" }.count == 1)
    }
}
