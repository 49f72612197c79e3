/// A script's bytes as the logical lines that run: comments and blank lines dropped, lines
/// ending in `\` joined with the next (multi-line Lua), each with where it started. Lines
/// stay bytes: a key written as raw bytes in a script (invalid UTF-8, a NUL) reaches the
/// server exactly as written.
enum ScriptLines {
    struct Line: Sendable {
        var bytes: [UInt8]
        var location: SourceLocation

        /// For messages and dot-commands (invalid UTF-8 shown as U+FFFD).
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    static func split(_ bytes: [UInt8], file: String) -> [Line] {
        var lines: [Line] = []
        var accumulator = LineAccumulator()
        var startLine: Int?
        var number = 0
        for physical in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            var raw = Array(physical)
            if raw.last == 0x0D { raw.removeLast() }
            if startLine == nil {
                let trimmed = raw.drop { $0 == 0x20 || $0 == 0x09 }
                if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
                startLine = number
            }
            if let logical = accumulator.add(raw), let start = startLine {
                lines.append(Line(bytes: logical, location: SourceLocation(file: file, line: start)))
                startLine = nil
            }
        }
        if let start = startLine, let rest = accumulator.finishBytes() {
            lines.append(Line(bytes: rest, location: SourceLocation(file: file, line: start)))
        }
        return lines
    }

    /// Why a line cannot run, found before anything runs: unknown or malformed dot-commands
    /// and unbalanced quotes.
    static func parseProblem(_ line: Line) -> String? {
        if dotName(line.text) != nil { return DotCommand.problem(in: line.text) }
        do {
            _ = try CommandLineSplitter.split(bytes: Array(line.bytes.drop { $0 == 0x20 || $0 == 0x09 }))
        } catch {
            return "\(error)"
        }
        return nil
    }

    static func isAssertion(_ text: String) -> Bool {
        dotName(text).flatMap(DotCommand.named)?.isAssertion ?? false
    }

    static func dotName(_ text: String) -> String? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix(".") else { return nil }
        return trimmed.dropFirst().prefix { $0 != " " && $0 != "\t" }.lowercased()
    }
}
