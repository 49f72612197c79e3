/// How replies are printed, as redis-cli's output options choose it.
public enum OutputMode: String, Sendable, CaseIterable {
    /// redis-cli's default on a terminal: `(integer) 1`, quoted strings, numbered lists.
    case tty
    /// `--raw`, and redis-cli's default when stdout is not a terminal: bytes as they are.
    case raw
    /// Our own `--json`: one valid JSON document per reply (see `JSONFormat.swift`).
    case json
    /// `--csv`: one line per reply, elements separated by commas.
    case csv
    /// `--quoted-json`: JSON whose strings hold redis-cli's quoted form of each string
    /// (`\xc3\xa9` for é), so the output is ASCII whatever the bytes.
    case quotedJSON = "quoted-json"

    /// Either JSON mode.
    public var isJSON: Bool { self == .json || self == .quotedJSON }
}
