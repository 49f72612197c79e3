import RESP

/// redis-cli's raw formatting (`cliFormatReplyRaw`), used for `--raw`, for output that is not
/// a terminal, and for the commands listed in `CommandFacts.printsRawOnTerminal`.
///
/// Strings are written as their bytes, integers and doubles as digits, booleans as `(true)` /
/// `(false)`, nil as nothing, errors as their text followed by a newline (so a top-level
/// error line is followed by an empty line once the reply delimiter is added). Aggregate
/// elements are separated by the element delimiter (nested aggregates are flattened); a map
/// entry is `key value`. The caller adds the reply delimiter.
enum RawFormat {
    static func append(_ value: RESPValue, delimiter: [UInt8], to out: inout [UInt8]) {
        switch value {
        case .null:
            break
        case .simpleError(let text):
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\n"))
        case .bulkError(let bytes):
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\n"))
        case .simpleString(let text):
            out.append(contentsOf: text.utf8)
        case .bulkString(let bytes), .verbatimString(_, let bytes):
            out.append(contentsOf: bytes)
        case .boolean(let flag):
            out.append(contentsOf: (flag ? "(true)" : "(false)").utf8)
        case .integer(let number):
            out.append(contentsOf: String(number).utf8)
        case .double(let number):
            DoubleText.append(number, to: &out)
        case .bigNumber(let digits):
            out.append(contentsOf: digits.utf8)
        case .array(let items), .set(let items), .push(let items):
            for (offset, item) in items.enumerated() {
                if offset > 0 { out.append(contentsOf: delimiter) }
                append(item, delimiter: delimiter, to: &out)
            }
        case .map(let pairs):
            for (offset, pair) in pairs.enumerated() {
                if offset > 0 { out.append(contentsOf: delimiter) }
                append(pair.key, delimiter: delimiter, to: &out)
                out.append(UInt8(ascii: " "))
                append(pair.value, delimiter: delimiter, to: &out)
            }
        case .attribute(_, let inner):
            append(inner, delimiter: delimiter, to: &out)
        }
    }
}
