/// Splitting of one REPL or batch line into Redis arguments, with the exact
/// rules of redis-cli's `sdssplitargs` (redis `src/sds.c`):
///
/// - Arguments are separated by whitespace. Leading whitespace (space, `\t`,
///   `\n`, `\v`, `\f`, `\r`) is skipped; an unquoted argument ends at a space,
///   `\t`, `\n` or `\r` (so, as in redis-cli, `\v` and `\f` inside an unquoted
///   word are kept as part of it).
/// - Outside quotes every byte is literal, backslashes included.
/// - A quote may start in the middle of a word (`a"b c"` is the one argument
///   `ab c`), but a closing quote must be followed by whitespace or the end of
///   the line (`"a b"c` is an error).
/// - Inside double quotes: `\n \r \t \b \a` are control characters, `\xHH`
///   (exactly two hex digits, either case) is the byte 0xHH, and a backslash
///   before any other character yields that character (`\"` → `"`, `\\` → `\`,
///   `\xZZ` → `xZZ`, `\q` → `q`).
/// - Inside single quotes everything is literal except `\'`, which is a quote.
/// - A quote that is never closed is an error ("unbalanced quotes").
/// - `""` and `''` are one empty argument; an empty or blank line is no argument.
///
/// Arguments are bytes, because `"\xff"` is not UTF-8. The line is processed
/// as its UTF-8 bytes up to the first NUL, which ends it, as it does for the C
/// string redis-cli works on.
public enum CommandLineSplitter {
    /// Splits `line` into arguments. Throws when quotes are unbalanced or a
    /// closing quote is followed by something other than whitespace.
    public static func split(_ line: String) throws(CommandLineError) -> [[UInt8]] {
        var bytes = Array(line.utf8)
        if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
        return try split(bytes: bytes)
    }

    /// Splits UTF-8 (or any) bytes; the rules are those of `split(_:)`.
    public static func split(bytes: [UInt8]) throws(CommandLineError) -> [[UInt8]] {
        var args: [[UInt8]] = []
        let n = bytes.count
        var i = 0
        func at(_ j: Int) -> UInt8? { j < n ? bytes[j] : nil }

        while true {
            while i < n, isSpace(bytes[i]) { i += 1 }
            if i == n { return args }

            var current: [UInt8] = []
            var inDouble = false
            var inSingle = false
            var quoteStart = 0
            var done = false
            while !done {
                let c = at(i)
                if inDouble {
                    if c == UInt8(ascii: "\\"), at(i + 1) == UInt8(ascii: "x"),
                        let hi = at(i + 2).flatMap(\.hexDigitValue), let lo = at(i + 3).flatMap(\.hexDigitValue)
                    {
                        current.append(hi &* 16 &+ lo)
                        i += 3
                    } else if c == UInt8(ascii: "\\"), let next = at(i + 1) {
                        i += 1
                        switch next {
                        case UInt8(ascii: "n"): current.append(0x0A)
                        case UInt8(ascii: "r"): current.append(0x0D)
                        case UInt8(ascii: "t"): current.append(0x09)
                        case UInt8(ascii: "b"): current.append(0x08)
                        case UInt8(ascii: "a"): current.append(0x07)
                        default: current.append(next)
                        }
                    } else if c == UInt8(ascii: "\"") {
                        if let next = at(i + 1), !isSpace(next) {
                            throw CommandLineError(
                                kind: .textAfterClosingQuote, column: column(of: i + 1, in: bytes))
                        }
                        done = true
                    } else if let c {
                        current.append(c)
                    } else {
                        throw CommandLineError(
                            kind: .unbalancedQuotes, column: column(of: quoteStart, in: bytes))
                    }
                } else if inSingle {
                    if c == UInt8(ascii: "\\"), at(i + 1) == UInt8(ascii: "'") {
                        i += 1
                        current.append(UInt8(ascii: "'"))
                    } else if c == UInt8(ascii: "'") {
                        if let next = at(i + 1), !isSpace(next) {
                            throw CommandLineError(
                                kind: .textAfterClosingQuote, column: column(of: i + 1, in: bytes))
                        }
                        done = true
                    } else if let c {
                        current.append(c)
                    } else {
                        throw CommandLineError(
                            kind: .unbalancedQuotes, column: column(of: quoteStart, in: bytes))
                    }
                } else {
                    switch c {
                    case nil, UInt8(ascii: " "), 0x0A, 0x0D, 0x09:
                        done = true
                    case UInt8(ascii: "\""):
                        inDouble = true
                        quoteStart = i
                    case UInt8(ascii: "'"):
                        inSingle = true
                        quoteStart = i
                    case let c?:
                        current.append(c)
                    }
                }
                if i < n { i += 1 }
            }
            args.append(current)
        }
    }

    /// Splits and decodes every argument as UTF-8 (invalid bytes become
    /// U+FFFD). For matching command names and options, not for sending.
    public static func splitStrings(_ line: String) throws(CommandLineError) -> [String] {
        try split(line).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The argument as redis-cli would print it back so that `split` reads it
    /// again: unchanged when it needs no quoting (`sdsneedsrepr`), otherwise in
    /// double quotes with `\\ \" \n \r \t \a \b` and every other byte outside
    /// printable ASCII as `\xHH` (`sdscatrepr`). Unlike `sdsneedsrepr`, a `'`
    /// also forces quoting, so that `split(quoted(a)) == [a]` always holds.
    public static func quoted(_ argument: [UInt8]) -> String {
        let needsQuotes =
            argument.isEmpty
            || argument.contains { byte in
                byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
                    || byte < 0x21 || byte > 0x7E
            }
        guard needsQuotes else { return String(decoding: argument, as: UTF8.self) }
        var out = "\""
        for byte in argument {
            switch byte {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\""): out += "\\\""
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789abcdef".unicodeScalars)
                out += "\\x"
                out.unicodeScalars.append(digits[Int(byte >> 4)])
                out.unicodeScalars.append(digits[Int(byte & 0x0F)])
            }
        }
        return out + "\""
    }

    /// C `isspace` in the C locale: space, `\t`, `\n`, `\v`, `\f`, `\r`.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// 1-based column of byte `offset`, counted in Unicode scalars (UTF-8
    /// continuation bytes do not start a column).
    private static func column(of offset: Int, in bytes: [UInt8]) -> Int {
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] where byte & 0xC0 != 0x80 { column += 1 }
        return column
    }
}

/// Why a line could not be split into arguments, and where.
public struct CommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A quote was opened and never closed; `column` is the opening quote.
        case unbalancedQuotes
        /// A closing quote was followed by something other than whitespace
        /// (`"a"b`); `column` is the character right after the quote.
        case textAfterClosingQuote
    }

    public let kind: Kind
    /// 1-based column in Unicode scalars of the line given to the splitter.
    public let column: Int

    public init(kind: Kind, column: Int) {
        self.kind = kind
        self.column = column
    }

    /// For example "unbalanced quotes at column 7 (the quote opened there is never closed)".
    public var message: String {
        switch kind {
        case .unbalancedQuotes:
            return "unbalanced quotes at column \(column) (the quote opened there is never closed)"
        case .textAfterClosingQuote:
            return "text right after a closing quote at column \(column) (put a space after the quote)"
        }
    }

    public var description: String { message }
}

/// Joins physical lines into logical lines for multi-line input (pasting a Lua
/// script, long batch lines).
///
/// The only continuation rule: a physical line that ends with an unescaped
/// backslash — an odd number of trailing backslashes, with nothing after
/// them, not even a space — continues on the next line. That backslash is
/// dropped and, unlike in sh, the line break is kept: the pieces are joined
/// with `"\n"`, so inside double quotes the argument gets a real newline and
/// outside quotes the newline separates arguments. Unbalanced quotes at the
/// end of a line do NOT continue it (the line is complete and the splitter
/// reports the error), so a typo cannot swallow the following lines. To end
/// a line with a literal backslash, double it inside double quotes (`"C:\\"`).
///
/// Lines are passed without their line terminator. The work is done on bytes, so that a
/// script's bytes reach the server exactly as written (invalid UTF-8 and NUL included).
public struct LineAccumulator: Sendable {
    private var pieces: [[UInt8]] = []

    public init() {}

    /// True when previous lines ended with a continuation backslash and the
    /// logical line is not complete yet (a REPL shows a continuation prompt).
    public var isContinuing: Bool { !pieces.isEmpty }

    /// Adds one physical line; returns the complete logical line, or nil when
    /// this line ends with a continuation backslash.
    public mutating func add(_ line: [UInt8]) -> [UInt8]? {
        if Self.endsWithContinuation(line) {
            pieces.append(Array(line.dropLast()))
            return nil
        }
        pieces.append(line)
        return finishBytes()
    }

    public mutating func add(_ line: String) -> String? {
        add(Array(line.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// At end of input: the pending logical line (its last continuation
    /// backslash dropped), or nil when nothing is pending.
    public mutating func finishBytes() -> [UInt8]? {
        guard !pieces.isEmpty else { return nil }
        defer { pieces.removeAll() }
        return Array(pieces.joined(separator: [0x0A]))
    }

    public mutating func finish() -> String? {
        finishBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Drops a pending partial line (Ctrl-C at a continuation prompt).
    public mutating func reset() {
        pieces.removeAll()
    }

    /// True when `line` ends with an odd number of backslashes.
    public static func endsWithContinuation(_ line: [UInt8]) -> Bool {
        var count = 0
        for byte in line.reversed() {
            guard byte == UInt8(ascii: "\\") else { break }
            count += 1
        }
        return count % 2 == 1
    }
}
