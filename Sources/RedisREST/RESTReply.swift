import RESP
import ReplyFormat

/// A Redis reply as the REST protocol answers it: `{"result": …}` or `{"error": "…"}`.
///
/// Integers are JSON numbers, strings JSON strings, nil `null`, arrays arrays, as the
/// Upstash SDKs expect. With `Upstash-Encoding: base64` every string is base64 except the
/// status `OK` (the SDKs pass `"OK"` through and decode the rest), so any bytes survive.
/// Without it a string that is not UTF-8 cannot be written as JSON: the reply is refused
/// with the reason rather than mangled.
public enum RESTReply {
    public enum Encoding: Sendable {
        case plain
        case base64
    }

    /// A string in the reply was not UTF-8 and the client did not ask for base64.
    public struct NotUTF8: Error {}

    /// The whole body for one command: `{"result":…}` or `{"error":"…"}`.
    public static func body(_ reply: RESPValue, encoding: Encoding) throws(NotUTF8) -> [UInt8] {
        var out: [UInt8] = []
        try append(reply, encoding: encoding, to: &out)
        return out
    }

    /// `{"result":…}` or `{"error":"…"}` appended to `out`.
    public static func append(_ reply: RESPValue, encoding: Encoding, to out: inout [UInt8]) throws(NotUTF8) {
        if let message = reply.errorMessage {
            appendError(message, to: &out)
            return
        }
        out.append(contentsOf: #"{"result":"#.utf8)
        try appendResult(reply, encoding: encoding, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    public static func appendError(_ message: String, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"error":"#.utf8)
        JSONText.appendString(message.utf8, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    public static func errorBody(_ message: String) -> [UInt8] {
        var out: [UInt8] = []
        appendError(message, to: &out)
        return out
    }

    static func appendResult(_ value: RESPValue, encoding: Encoding, to out: inout [UInt8]) throws(NotUTF8) {
        switch value {
        case .simpleString(let text):
            if encoding == .base64 && text != "OK" {
                try appendString(Array(text.utf8), encoding: encoding, to: &out)
            } else {
                JSONText.appendString(text.utf8, to: &out)
            }
        case .bulkString(let bytes): try appendString(bytes.array, encoding: encoding, to: &out)
        case .verbatimString(_, let text): try appendString(text.array, encoding: encoding, to: &out)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .boolean(let flag): out.append(contentsOf: (flag ? "1" : "0").utf8)
        case .double(let number): try appendString(Array(DoubleText.text(number).utf8), encoding: encoding, to: &out)
        case .bigNumber(let digits): try appendString(Array(digits.utf8), encoding: encoding, to: &out)
        case .array(let items), .set(let items), .push(let items): try appendArray(items, encoding: encoding, to: &out)
        case .map(let pairs): try appendArray(pairs.flatMap { [$0.key, $0.value] }, encoding: encoding, to: &out)
        case .attribute(_, let inner): try appendResult(inner, encoding: encoding, to: &out)
        case .simpleError(let message): JSONText.appendString(message.utf8, to: &out)
        case .bulkError(let bytes): try appendString(bytes.array, encoding: encoding, to: &out)
        }
    }

    private static func appendArray(_ items: [RESPValue], encoding: Encoding, to out: inout [UInt8]) throws(NotUTF8) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            try appendResult(item, encoding: encoding, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func appendString(_ bytes: [UInt8], encoding: Encoding, to out: inout [UInt8]) throws(NotUTF8) {
        switch encoding {
        case .base64:
            out.append(UInt8(ascii: "\""))
            Base64.append(bytes, to: &out)
            out.append(UInt8(ascii: "\""))
        case .plain:
            guard isUTF8(bytes) else { throw NotUTF8() }
            JSONText.appendString(bytes, to: &out)
        }
    }

    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
