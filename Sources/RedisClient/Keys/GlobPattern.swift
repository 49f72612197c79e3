/// Redis glob patterns (KEYS, SCAN MATCH, PSUBSCRIBE), as `stringmatchlen` reads them.
public enum GlobPattern {
    /// Bytes `stringmatchlen` gives a meaning: `*`, `?`, `[`, `]`, `\` and `^` (inside a class).
    static let special: Set<UInt8> = Set("*?[]\\^".utf8)

    /// A pattern that matches exactly the keys starting with `prefix`: every special byte is
    /// escaped with a backslash, then `*`. Works on bytes, not characters: `*` followed by a
    /// combining mark is one Swift `Character` but two things to Redis.
    public static func prefix(_ prefix: [UInt8]) -> [UInt8] {
        var pattern: [UInt8] = []
        pattern.reserveCapacity(prefix.count * 2 + 1)
        for byte in prefix {
            if special.contains(byte) { pattern.append(UInt8(ascii: "\\")) }
            pattern.append(byte)
        }
        pattern.append(UInt8(ascii: "*"))
        return pattern
    }
}
