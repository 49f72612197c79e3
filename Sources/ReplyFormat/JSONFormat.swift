import RESP

/// JSON output: one valid, compact JSON document per reply.
///
/// It prints what redis-cli 7.0's `--json` prints wherever that is valid JSON, and differs
/// only where redis-cli's output is not valid JSON:
///
/// | reply | JSON |
/// | --- | --- |
/// | simple, bulk or verbatim string, valid UTF-8 | a string (`"a\u0001é"`: `\" \\ \n \r \t \b \f` escaped, other bytes below 0x20 as `\u00hh`, the rest as they are, as redis-cli escapes) |
/// | bulk or verbatim string, not valid UTF-8 | `{"base64":"…"}` (redis-cli writes invalid UTF-8) |
/// | integer | a number |
/// | double | a number, as on a terminal (`1.5`, `1e+20`); `"inf"`, `"-inf"`, `"nan"` as strings (redis-cli writes them bare) |
/// | big number | a number (its digits; a string if they are not a JSON number) |
/// | boolean, nil | `true` / `false`, `null` |
/// | error | `{"error":"ERR …"}` (redis-cli writes `error:"…"`) |
/// | array, set, push | an array |
/// | map | an object; keys that are not strings are written as their JSON text (`{"0":false}`), as redis-cli does. When a key is binary, an error or an aggregate, or two keys would be the same, the map is written as an array of `[key, value]` pairs instead |
/// | attribute | the value it decorates (attributes are not shown) |
///
/// Commands that redis-cli prints raw (INFO, CLIENT LIST…) are still written as JSON.
///
/// `quoted` (`--quoted-json`): every string, map key and error message is written as the
/// text redis-cli's quoting gives it (`sdscatrepr` without the outer quotes: `h\xc3\xa9`),
/// JSON-escaped, so the output is ASCII and binary needs no base64. redis-cli doubles the
/// backslashes of that text but not its `\"`, so a string holding `"` is not valid JSON
/// there; here it is, and holds the same text.
enum JSONFormat {
    static func append(_ value: RESPValue, quoted: Bool = false, to out: inout [UInt8]) {
        switch value {
        case .simpleString(let text):
            appendBytes(Array(text.utf8), quoted: quoted, to: &out)
        case .bulkString(let bytes), .verbatimString(_, let bytes):
            appendBytes(bytes.array, quoted: quoted, to: &out)
        case .simpleError(let text):
            appendError(Array(text.utf8), quoted: quoted, to: &out)
        case .bulkError(let bytes):
            appendError(bytes.array, quoted: quoted, to: &out)
        case .integer(let number):
            out.append(contentsOf: String(number).utf8)
        case .double(let number):
            if number.isFinite {
                DoubleText.append(number, to: &out)
            } else {
                appendString(DoubleText.text(number).utf8, to: &out)
            }
        case .bigNumber(let digits):
            if let number = jsonNumber(digits) {
                out.append(contentsOf: number.utf8)
            } else {
                appendString(digits.utf8, to: &out)
            }
        case .null:
            out.append(contentsOf: "null".utf8)
        case .boolean(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .array(let items), .set(let items), .push(let items):
            appendArray(items, quoted: quoted, to: &out)
        case .map(let pairs):
            appendMap(pairs, quoted: quoted, to: &out)
        case .attribute(_, let inner):
            append(inner, quoted: quoted, to: &out)
        }
    }

    private static func appendArray(_ items: [RESPValue], quoted: Bool, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (offset, item) in items.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            append(item, quoted: quoted, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func appendMap(_ pairs: [RESPPair], quoted: Bool, to out: inout [UInt8]) {
        var keys: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        keys.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = keyText(pair.key, quoted: quoted), seen.insert(key).inserted else {
                // Not representable as an object: a list of [key, value] pairs.
                out.append(UInt8(ascii: "["))
                for (offset, pair) in pairs.enumerated() {
                    if offset > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(UInt8(ascii: "["))
                    append(pair.key, quoted: quoted, to: &out)
                    out.append(UInt8(ascii: ","))
                    append(pair.value, quoted: quoted, to: &out)
                    out.append(UInt8(ascii: "]"))
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            keys.append(key)
        }
        out.append(UInt8(ascii: "{"))
        for (offset, pair) in pairs.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            appendString(keys[offset], to: &out)
            out.append(UInt8(ascii: ":"))
            append(pair.value, quoted: quoted, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The UTF-8 text of a map key, or nil when the key cannot be an object key.
    private static func keyText(_ key: RESPValue, quoted: Bool) -> [UInt8]? {
        switch key {
        case .simpleString(let text): return quoted ? Repr.inner(Array(text.utf8)) : Array(text.utf8)
        case .bulkString(let bytes), .verbatimString(_, let bytes):
            if quoted { return Repr.inner(bytes.array) }
            return isValidUTF8(bytes.array) ? bytes.array : nil
        case .integer(let number): return Array(String(number).utf8)
        case .double(let number): return Array(DoubleText.text(number).utf8)
        case .bigNumber(let digits): return Array(digits.utf8)
        case .boolean(let flag): return Array((flag ? "true" : "false").utf8)
        case .null: return Array("null".utf8)
        case .attribute(_, let inner): return keyText(inner, quoted: quoted)
        case .simpleError, .bulkError, .array, .set, .push, .map: return nil
        }
    }

    private static func appendError(_ message: [UInt8], quoted: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"error\":".utf8)
        appendBytes(message, quoted: quoted, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// A string when `bytes` is valid UTF-8, else `{"base64":"…"}`; quoted, always a string
    /// of the quoted text.
    private static func appendBytes(_ bytes: [UInt8], quoted: Bool, to out: inout [UInt8]) {
        if quoted {
            appendString(Repr.inner(bytes), to: &out)
        } else if isValidUTF8(bytes) {
            appendString(bytes, to: &out)
        } else {
            out.append(contentsOf: "{\"base64\":\"".utf8)
            Base64.append(bytes, to: &out)
            out.append(contentsOf: "\"}".utf8)
        }
    }

    /// A JSON string of valid UTF-8, escaped as redis-cli escapes it.
    private static func appendString(_ utf8: some Sequence<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x00..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(Repr.hexDigit(byte >> 4))
                out.append(Repr.hexDigit(byte & 0x0F))
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        let failed = transcode(
            bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true, into: { _ in }
        )
        return !failed
    }

    /// `digits` as a JSON number (`-?(0|[1-9][0-9]*)`), dropping a leading `+`; nil if it
    /// cannot be one.
    private static func jsonNumber(_ digits: String) -> String? {
        var text = Substring(digits)
        if text.first == "+" { text = text.dropFirst() }
        let body = text.first == "-" ? text.dropFirst() : text
        guard let first = body.first, body.allSatisfy({ $0 >= "0" && $0 <= "9" }),
            first != "0" || body.count == 1
        else { return nil }
        return String(text)
    }
}
