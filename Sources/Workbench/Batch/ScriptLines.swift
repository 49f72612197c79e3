/// A script's text as the logical lines that run: comments and blank lines dropped, lines
/// ending in `\` joined with the next (multi-line Lua), each with where it started.
enum ScriptLines {
    struct Line: Sendable {
        var text: String
        var location: SourceLocation
    }

    static func split(_ text: String, file: String) -> [Line] {
        var lines: [Line] = []
        var accumulator = LineAccumulator()
        var startLine: Int?
        var number = 0
        for physical in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var raw = String(physical)
            if raw.hasSuffix("\r") { raw.removeLast() }
            if startLine == nil {
                let trimmed = raw.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                startLine = number
            }
            if let logical = accumulator.add(raw), let start = startLine {
                lines.append(Line(text: logical, location: SourceLocation(file: file, line: start)))
                startLine = nil
            }
        }
        if let start = startLine, let rest = accumulator.finish() {
            lines.append(Line(text: rest, location: SourceLocation(file: file, line: start)))
        }
        return lines
    }

    /// Why a line cannot run, found before anything runs: unknown dot-commands and
    /// unbalanced quotes.
    static func parseProblem(_ text: String) -> String? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix(".") {
            let name = trimmed.dropFirst().prefix { $0 != " " && $0 != "\t" }.lowercased()
            if DotCommand(rawValue: name) == nil {
                let hint = DotCommand.closest(to: name).map { " (did you mean .\($0)?)" } ?? ""
                return "unknown command .\(name)\(hint)"
            }
        }
        do {
            _ = try CommandLineSplitter.split(String(trimmed))
        } catch {
            return "\(error)"
        }
        return nil
    }

    static func isAssertion(_ text: String) -> Bool {
        dotName(text).map { $0 == "expect" || $0 == "expect-type" || $0 == "expect-error" } ?? false
    }

    private static func dotName(_ text: String) -> String? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix(".") else { return nil }
        return trimmed.dropFirst().prefix { $0 != " " && $0 != "\t" }.lowercased()
    }
}
