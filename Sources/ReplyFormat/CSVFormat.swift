import RESP

/// redis-cli's `--csv` (`cliFormatReplyCSV`).
///
/// Strings (simple, bulk, verbatim) are quoted and escaped as on a terminal; integers,
/// doubles and big numbers are bare; nil is `NULL`; booleans `true` / `false`; an error is
/// `ERROR,"text"`. Aggregates (maps included, key then value) flatten into one
/// comma-separated list, so an empty aggregate contributes an empty field.
enum CSVFormat {
    static func append(_ value: RESPValue, to out: inout [UInt8]) {
        switch value {
        case .simpleError(let text):
            out.append(contentsOf: "ERROR,".utf8)
            Repr.append(text.utf8, to: &out)
        case .bulkError(let bytes):
            out.append(contentsOf: "ERROR,".utf8)
            Repr.append(bytes, to: &out)
        case .simpleString(let text):
            Repr.append(text.utf8, to: &out)
        case .bulkString(let bytes), .verbatimString(_, let bytes):
            Repr.append(bytes, to: &out)
        case .integer(let number):
            out.append(contentsOf: String(number).utf8)
        case .double(let number):
            DoubleText.append(number, to: &out)
        case .bigNumber(let digits):
            out.append(contentsOf: digits.utf8)
        case .null:
            out.append(contentsOf: "NULL".utf8)
        case .boolean(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .array(let items), .set(let items), .push(let items):
            appendList(items, to: &out)
        case .map(let pairs):
            appendList(pairs.flatMap { [$0.key, $0.value] }, to: &out)
        case .attribute(_, let inner):
            append(inner, to: &out)
        }
    }

    private static func appendList(_ items: [RESPValue], to out: inout [UInt8]) {
        for (offset, item) in items.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            append(item, to: &out)
        }
    }
}
