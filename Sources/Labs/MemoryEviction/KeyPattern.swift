/// Key names grouped by shape: the parts that vary between keys of one kind (numeric ids,
/// hex digests, UUIDs, binary blobs) become `*`, so `user:1042:profile` and
/// `user:7:profile` are both `user:*:profile` and `session:9f8a0c1e…` is `session:*`.
/// Works on bytes: key names may be any bytes.
public enum KeyPattern {
    /// Bytes that separate the parts of a name.
    static let separators: Set<UInt8> = Set(":/|.".utf8)

    public static func of(_ key: [UInt8]) -> [UInt8] {
        var pattern: [UInt8] = []
        pattern.reserveCapacity(key.count)
        var start = 0
        for index in 0...key.count {
            guard index == key.count || separators.contains(key[index]) else { continue }
            pattern += collapsed(key[start..<index])
            if index < key.count { pattern.append(key[index]) }
            start = index + 1
        }
        return pattern
    }

    /// One part: `*` when it is an id; `name_*` when only its tail after `_` or `-` is.
    static func collapsed(_ part: ArraySlice<UInt8>) -> [UInt8] {
        if isVariable(part) { return [UInt8(ascii: "*")] }
        if let cut = part.lastIndex(where: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }), cut > part.startIndex,
            isVariable(part[(cut + 1)...])
        {
            return Array(part[...cut]) + [UInt8(ascii: "*")]
        }
        return Array(part)
    }

    static func isVariable(_ part: ArraySlice<UInt8>) -> Bool {
        guard !part.isEmpty else { return false }
        if part.contains(where: { $0 < 0x20 || $0 > 0x7E }) { return true }
        if part.allSatisfy(isDigit) { return true }
        if isUUID(part) { return true }
        // A hex digest: long, hex only, with at least one digit (so "deadbeef"-like words of
        // letters alone stay words).
        return part.count >= 8 && part.allSatisfy(isHex) && part.contains(where: isDigit)
    }

    static func isUUID(_ part: ArraySlice<UInt8>) -> Bool {
        guard part.count == 36 else { return false }
        for (offset, byte) in part.enumerated() {
            if [8, 13, 18, 23].contains(offset) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !isHex(byte) {
                return false
            }
        }
        return true
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    /// A name as text a terminal and JSON can show: printable ASCII as is, every other byte
    /// as `\xHH`, a backslash doubled.
    public static func printable(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return text
    }
}
