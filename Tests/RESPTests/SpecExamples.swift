import RESP
import Testing

/// One valid reply: its bytes on the wire and the value they decode to.
struct WireExample: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var value: RESPValue

    init(_ name: String, _ text: String, _ value: RESPValue) {
        self.init(name, wire(text), value)
    }

    init(_ name: String, _ bytes: [UInt8], _ value: RESPValue) {
        self.name = name
        self.bytes = bytes
        self.value = value
    }

    var testDescription: String { name }
}

private func pair(_ key: RESPValue, _ value: RESPValue) -> RESPPair { RESPPair(key, value) }

/// The examples of the RESP2 and RESP3 specifications, plus nested and binary cases.
/// Doubles here are all non-NaN so that `==` works; NaN has its own tests.
let specExamples: [WireExample] = [
    // Simple strings and errors
    WireExample("simple string", "+OK\r\n", .simpleString("OK")),
    WireExample("empty simple string", "+\r\n", .simpleString("")),
    WireExample("simple string with spaces and UTF-8", "+héllo wörld ✓\r\n", .simpleString("héllo wörld ✓")),
    WireExample("simple error", "-Error message\r\n", .simpleError("Error message")),
    WireExample("ERR error", "-ERR unknown command 'asdf'\r\n", .simpleError("ERR unknown command 'asdf'")),
    WireExample(
        "WRONGTYPE error", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        .simpleError("WRONGTYPE Operation against a key holding the wrong kind of value")),
    // Integers
    WireExample("integer 0", ":0\r\n", .integer(0)),
    WireExample("integer 1000", ":1000\r\n", .integer(1000)),
    WireExample("negative integer", ":-1000\r\n", .integer(-1000)),
    WireExample("integer with plus sign", ":+42\r\n", .integer(42)),
    WireExample("Int64.max", ":9223372036854775807\r\n", .integer(.max)),
    WireExample("Int64.min", ":-9223372036854775808\r\n", .integer(.min)),
    // Bulk strings
    WireExample("bulk string", "$5\r\nhello\r\n", .bulk("hello")),
    WireExample("empty bulk string", "$0\r\n\r\n", .bulkString([])),
    WireExample("bulk string holding CRLF", "$4\r\n\r\n\r\n\r\n", .bulkString([13, 10, 13, 10])),
    WireExample(
        "binary bulk string", [UInt8]("$6\r\n".utf8) + [0, 0xFF, 13, 0x80, 10, 0x24] + [13, 10],
        .bulkString([0, 0xFF, 13, 0x80, 10, 0x24])),
    // Nulls
    WireExample("RESP2 null bulk string", "$-1\r\n", .null),
    WireExample("RESP2 null array", "*-1\r\n", .null),
    WireExample("RESP3 null", "_\r\n", .null),
    // Arrays
    WireExample("empty array", "*0\r\n", .array([])),
    WireExample("array of bulk strings", "*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n", .array([.bulk("hello"), .bulk("world")])),
    WireExample("array of integers", "*3\r\n:1\r\n:2\r\n:3\r\n", .array([.integer(1), .integer(2), .integer(3)])),
    WireExample(
        "mixed array", "*5\r\n:1\r\n:2\r\n:3\r\n:4\r\n$5\r\nhello\r\n",
        .array([.integer(1), .integer(2), .integer(3), .integer(4), .bulk("hello")])),
    WireExample(
        "nested arrays", "*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n",
        .array([.array([.integer(1), .integer(2), .integer(3)]), .array([.simpleString("Hello"), .simpleError("World")])])),
    WireExample(
        "array with null elements", "*3\r\n$5\r\nhello\r\n$-1\r\n$5\r\nworld\r\n",
        .array([.bulk("hello"), .null, .bulk("world")])),
    WireExample("array holding a null array", "*2\r\n*-1\r\n_\r\n", .array([.null, .null])),
    // Booleans
    WireExample("true", "#t\r\n", .boolean(true)),
    WireExample("false", "#f\r\n", .boolean(false)),
    // Doubles
    WireExample("double", ",1.23\r\n", .double(1.23)),
    WireExample("double without fraction", ",10\r\n", .double(10)),
    WireExample("negative double", ",-1.5\r\n", .double(-1.5)),
    WireExample("double with plus sign", ",+2.5\r\n", .double(2.5)),
    WireExample("double zero", ",0\r\n", .double(0)),
    WireExample("double exponent", ",1.23e10\r\n", .double(1.23e10)),
    WireExample("double exponent upper case, signed", ",1.5E+3\r\n", .double(1500)),
    WireExample("double negative exponent", ",-4.5e-3\r\n", .double(-0.0045)),
    WireExample("double integral exponent", ",3e2\r\n", .double(300)),
    WireExample("double inf", ",inf\r\n", .double(.infinity)),
    WireExample("double -inf", ",-inf\r\n", .double(-.infinity)),
    WireExample("double spec example", ",3.141592653589793\r\n", .double(3.141592653589793)),
    // Big numbers
    WireExample(
        "big number", "(3492890328409238509324850943850943825024385\r\n",
        .bigNumber("3492890328409238509324850943850943825024385")),
    WireExample(
        "negative big number", "(-3492890328409238509324850943850943825024385\r\n",
        .bigNumber("-3492890328409238509324850943850943825024385")),
    // Bulk errors and verbatim strings
    WireExample("bulk error", "!21\r\nSYNTAX invalid syntax\r\n", .bulkError(RESPBytes(Array("SYNTAX invalid syntax".utf8)))),
    WireExample("empty bulk error", "!0\r\n\r\n", .bulkError([])),
    WireExample(
        "verbatim string", "=15\r\ntxt:Some string\r\n",
        .verbatimString(format: "txt", text: RESPBytes(Array("Some string".utf8)))),
    WireExample("empty verbatim markdown", "=4\r\nmkd:\r\n", .verbatimString(format: "mkd", text: [])),
    WireExample(
        "verbatim string with CRLF", "=10\r\ntxt:a\r\nb\r\n\r\n",
        .verbatimString(format: "txt", text: RESPBytes(Array("a\r\nb\r\n".utf8)))),
    // Maps
    WireExample(
        "map", "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n",
        .map([pair(.simpleString("first"), .integer(1)), pair(.simpleString("second"), .integer(2))])),
    WireExample("empty map", "%0\r\n", .map([])),
    WireExample(
        "map with aggregate keys and values", "%2\r\n*1\r\n:1\r\n~1\r\n#t\r\n$1\r\nk\r\n%1\r\n_\r\n,1.5\r\n",
        .map([
            pair(.array([.integer(1)]), .set([.boolean(true)])),
            pair(.bulk("k"), .map([pair(.null, .double(1.5))])),
        ])),
    // Sets
    WireExample(
        "set", "~5\r\n+orange\r\n+apple\r\n#t\r\n:100\r\n:999\r\n",
        .set([.simpleString("orange"), .simpleString("apple"), .boolean(true), .integer(100), .integer(999)])),
    WireExample("empty set", "~0\r\n", .set([])),
    // Attributes
    WireExample(
        "attribute (spec example)",
        "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
        .attribute(
            [pair(.simpleString("key-popularity"), .map([pair(.bulk("a"), .double(0.1923)), pair(.bulk("b"), .double(0.0012))]))],
            value: .array([.integer(2_039_123), .integer(9_543_892)]))),
    WireExample(
        "attribute inside an array (spec example)", "*3\r\n:1\r\n:2\r\n|1\r\n+ttl\r\n:3600\r\n:3\r\n",
        .array([.integer(1), .integer(2), .attribute([pair(.simpleString("ttl"), .integer(3600))], value: .integer(3))])),
    WireExample("empty attribute", "|0\r\n+OK\r\n", .attribute([], value: .simpleString("OK"))),
    WireExample(
        "attribute on an attribute", "|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n$-1\r\n",
        .attribute([pair(.simpleString("a"), .integer(1))], value: .attribute([pair(.simpleString("b"), .integer(2))], value: .null))),
    WireExample(
        "attribute on an error", "|1\r\n+x\r\n#f\r\n-ERR no\r\n",
        .attribute([pair(.simpleString("x"), .boolean(false))], value: .simpleError("ERR no"))),
    // Push
    WireExample(
        "push (pub/sub message)", ">3\r\n$7\r\nmessage\r\n$7\r\nchannel\r\n$5\r\nhello\r\n",
        .push([.bulk("message"), .bulk("channel"), .bulk("hello")])),
    WireExample(
        "push (spec example)", ">4\r\n+pubsub\r\n+message\r\n+somechannel\r\n+this is the message\r\n",
        .push([.simpleString("pubsub"), .simpleString("message"), .simpleString("somechannel"), .simpleString("this is the message")])),
    WireExample("empty push", ">0\r\n", .push([])),
    // Deeper nesting
    WireExample(
        "HELLO-like reply", "%3\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n$7\r\nmodules\r\n*0\r\n",
        .map([
            pair(.bulk("server"), .bulk("redis")), pair(.bulk("proto"), .integer(3)), pair(.bulk("modules"), .array([])),
        ])),
    WireExample(
        "every type in one array",
        "*15\r\n+s\r\n-e\r\n:1\r\n$1\r\nb\r\n_\r\n*0\r\n#t\r\n,2.5\r\n(12\r\n!1\r\nx\r\n=5\r\ntxt:y\r\n%1\r\n:1\r\n:2\r\n~1\r\n:3\r\n|1\r\n:4\r\n:5\r\n:6\r\n>1\r\n:7\r\n",
        .array([
            .simpleString("s"), .simpleError("e"), .integer(1), .bulk("b"), .null, .array([]), .boolean(true), .double(2.5),
            .bigNumber("12"), .bulkError([UInt8(ascii: "x")]), .verbatimString(format: "txt", text: [UInt8(ascii: "y")]),
            .map([pair(.integer(1), .integer(2))]), .set([.integer(3)]),
            .attribute([pair(.integer(4), .integer(5))], value: .integer(6)), .push([.integer(7)]),
        ])),
    WireExample(
        "ten levels deep",
        String(repeating: "*1\r\n", count: 9) + "%1\r\n~1\r\n:1\r\n>2\r\n:2\r\n$-1\r\n",
        (0..<9).reduce(RESPValue.map([pair(.set([.integer(1)]), .push([.integer(2), .null]))])) { inner, _ in .array([inner]) }),
]
