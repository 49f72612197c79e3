/// A workbench command: a line that starts with a dot, in the REPL and in scripts, as in
/// the sqlite3 shell. A dot can never clash with a Redis command. Each command is a value
/// in `all`, defined in the file of its kind (session, connection, assertion, lab); the
/// session only dispatches.
struct DotCommand: Sendable {
    /// What a handler gets: the session, the line's words (quoted as Redis arguments are),
    /// the text after the name as typed, and where the line came from.
    struct Invocation: Sendable {
        let session: Session
        let words: [String]
        let text: String
        let location: SourceLocation
        let command: DotCommand

        /// The failure for a line that does not fit the command's synopsis.
        var usage: LineResult { command.usageFailure }
    }

    let name: String
    /// `.mode tty|raw|json|csv`, as `.help` and usage errors show it.
    let synopsis: String
    let summary: String
    /// Words TAB offers after the name.
    var completions: [String] = []
    /// Assertions decide whether the error reply before them is a failure.
    var isAssertion = false
    /// A problem found before a script runs (nil when the line is fine), from its words.
    var check: @Sendable ([String]) -> String? = { _ in nil }
    let run: @Sendable (Invocation) async -> LineResult

    /// Every dot-command, in the order `.help` lists them.
    static let all: [DotCommand] =
        sessionCommands + connectionCommands + clusterCommands + modeCommands + assertionCommands + labCommands
        + lessonCommands

    static func named(_ name: String) -> DotCommand? {
        let lowered = name.lowercased()
        return all.first { $0.name == lowered }
    }

    /// `.help`'s line: the synopsis, then what it does.
    var helpLine: String {
        let padding = String(repeating: " ", count: max(1, 31 - synopsis.count))
        return synopsis + padding + summary
    }

    var usageFailure: LineResult {
        LineResult(failure: .usage("usage: \(synopsis)  (\(summary))"))
    }

    /// The closest command name, for "did you mean" messages.
    static func closest(to name: String) -> String? {
        let ranked = all.map { ($0.name, EditDistance.between(name, $0.name)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = ranked, distance <= max(2, name.count / 2) else { return nil }
        return best
    }

    /// The command a line names and its words, or why the line cannot run.
    static func parse(_ line: String) -> Result<(DotCommand, words: [String], text: String), LineResult.Failure> {
        let body = line.drop { $0 == " " || $0 == "\t" }.dropFirst()
        let nameEnd = body.firstIndex { $0 == " " || $0 == "\t" } ?? body.endIndex
        let name = String(body[..<nameEnd]).lowercased()
        let text = String(body[nameEnd...].drop { $0 == " " || $0 == "\t" })
        guard let command = named(name) else {
            let hint = closest(to: name).map { " (did you mean .\($0)?)" } ?? " (.help lists them)"
            return .failure(.usage("unknown command .\(name)\(hint)"))
        }
        do {
            let words = try CommandLineSplitter.split(text).map { String(decoding: $0, as: UTF8.self) }
            return .success((command, words, text))
        } catch {
            return .failure(.usage("\(error)"))
        }
    }

    /// Why a script line cannot run, found before the script starts.
    static func problem(in line: String) -> String? {
        switch parse(line) {
        case .failure(let failure): return failure.message
        case .success(let (command, words, _)): return command.check(words)
        }
    }

    static func run(_ line: String, in session: Session, at location: SourceLocation) async -> LineResult {
        switch parse(line) {
        case .failure(let failure):
            return LineResult(failure: failure)
        case .success(let (command, words, text)):
            return await command.run(Invocation(session: session, words: words, text: text, location: location, command: command))
        }
    }

    static func onOff(_ word: String) -> Bool? {
        switch word.lowercased() {
        case "on", "1", "yes", "true": return true
        case "off", "0", "no", "false": return false
        default: return nil
        }
    }
}

/// Levenshtein distance, for suggestions.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
