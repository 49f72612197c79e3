import RESP

/// redis-cli's terminal formatting (`cliFormatReplyTTY`).
///
/// Every value ends with a newline. An aggregate numbers its elements from 1, right-aligning
/// the index to the width of the largest one, then `)` (arrays, pushes), `~` (sets) or `#`
/// (maps) and a space. An element's first line follows its index; its other lines start with
/// the parent's prefix plus `width + 2` spaces. A map entry prints the key, ` => `, then the
/// value; a value that takes several lines (a non-empty aggregate with more than one element,
/// or one element that itself takes several lines) starts on a new line, indented.
enum TTYFormat {
    static func append(_ value: RESPValue, prefix: [UInt8], to out: inout [UInt8]) {
        switch value {
        case .simpleString(let text):
            out.append(contentsOf: text.utf8)
            out.append(newline)
        case .simpleError(let text):
            out.append(contentsOf: "(error) ".utf8)
            out.append(contentsOf: text.utf8)
            out.append(newline)
        case .bulkError(let bytes):
            out.append(contentsOf: "(error) ".utf8)
            out.append(contentsOf: bytes)
            out.append(newline)
        case .integer(let number):
            out.append(contentsOf: "(integer) \(number)\n".utf8)
        case .double(let number):
            out.append(contentsOf: "(double) ".utf8)
            DoubleText.append(number, to: &out)
            out.append(newline)
        case .bigNumber(let digits):
            // redis-cli 7.0 exits with "Unknown reply type: 13"; 7.2 prints this.
            out.append(contentsOf: "(big number) ".utf8)
            out.append(contentsOf: digits.utf8)
            out.append(newline)
        case .bulkString(let bytes):
            Repr.append(bytes, to: &out)
            out.append(newline)
        case .verbatimString(_, let text):
            out.append(contentsOf: text)
            out.append(newline)
        case .null:
            out.append(contentsOf: "(nil)\n".utf8)
        case .boolean(let flag):
            out.append(contentsOf: (flag ? "(true)\n" : "(false)\n").utf8)
        case .array(let items):
            appendList(items, empty: "(empty array)\n", separator: UInt8(ascii: ")"), prefix: prefix, to: &out)
        case .push(let items):
            appendList(items, empty: "(empty push)\n", separator: UInt8(ascii: ")"), prefix: prefix, to: &out)
        case .set(let items):
            appendList(items, empty: "(empty set)\n", separator: UInt8(ascii: "~"), prefix: prefix, to: &out)
        case .map(let pairs):
            appendMap(pairs, prefix: prefix, to: &out)
        case .attribute(_, let inner):
            // redis-cli 7.0 reports a protocol error; we print the value the attributes decorate.
            append(inner, prefix: prefix, to: &out)
        }
    }

    private static let newline = UInt8(ascii: "\n")

    private static func appendList(
        _ items: [RESPValue], empty: String, separator: UInt8, prefix: [UInt8], to out: inout [UInt8]
    ) {
        guard !items.isEmpty else {
            out.append(contentsOf: empty.utf8)
            return
        }
        let width = digitCount(items.count)
        let childPrefix = prefix + [UInt8](repeating: UInt8(ascii: " "), count: width + 2)
        for (offset, item) in items.enumerated() {
            if offset > 0 { out.append(contentsOf: prefix) }
            appendIndex(offset + 1, width: width, separator: separator, to: &out)
            append(item, prefix: childPrefix, to: &out)
        }
    }

    private static func appendMap(_ pairs: [RESPPair], prefix: [UInt8], to out: inout [UInt8]) {
        guard !pairs.isEmpty else {
            out.append(contentsOf: "(empty hash)\n".utf8)
            return
        }
        let width = digitCount(pairs.count)
        let childPrefix = prefix + [UInt8](repeating: UInt8(ascii: " "), count: width + 2)
        for (offset, pair) in pairs.enumerated() {
            if offset > 0 { out.append(contentsOf: prefix) }
            appendIndex(offset + 1, width: width, separator: UInt8(ascii: "#"), to: &out)
            append(pair.key, prefix: childPrefix, to: &out)
            out.removeLast()  // the key's newline
            out.append(contentsOf: " => ".utf8)
            if isMultiline(pair.value) {
                out.append(newline)
                out.append(contentsOf: childPrefix)
            }
            append(pair.value, prefix: childPrefix, to: &out)
        }
    }

    /// redis-cli's `cliIsMultilineValueTTY`: whether a map value starts on its own line.
    /// (Strings that contain newlines do not count, as in redis-cli.)
    static func isMultiline(_ value: RESPValue) -> Bool {
        switch value {
        case .array(let items), .set(let items), .push(let items):
            if items.count > 1 { return true }
            return items.first.map(isMultiline) ?? false
        case .map(let pairs):
            if pairs.count > 1 { return true }
            return pairs.first.map { isMultiline($0.value) } ?? false
        case .attribute(_, let inner):
            return isMultiline(inner)
        default:
            return false
        }
    }

    private static func appendIndex(_ index: Int, width: Int, separator: UInt8, to out: inout [UInt8]) {
        let digits = String(index).utf8
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - digits.count))
        out.append(contentsOf: digits)
        out.append(separator)
        out.append(UInt8(ascii: " "))
    }

    private static func digitCount(_ number: Int) -> Int {
        var count = 1
        var rest = number / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }
}
