/// Completion, inline hints and `help` from the built-in `CommandCatalog`, for when the
/// server's own docs are not at hand.
///
/// Completion, hints and help text follow redis-cli 7.0's behaviour
/// (`completionCallback`, `hintsCallback`, `cliOutputHelp`).
import RedisCommands

public enum CommandTable {
    // MARK: - Completion

    /// Full names (upper case, subcommands included) that start with `prefix`,
    /// compared case-insensitively, sorted: `"conf"` → `CONFIG`, `CONFIG GET`, ….
    public static func completions(prefix: String) -> [String] {
        let upper = prefix.uppercased()
        return CommandCatalog.entries.map(\.name).filter { $0.hasPrefix(upper) }
    }

    /// Completions for a whole input line, as redis-cli offers them on Tab:
    /// the line is a prefix of a command name (`conf` → `CONFIG`, …,
    /// `config g` → `CONFIG GET`); after `help ` the candidates are commands
    /// and `@group`s, and the `help ` part is kept (`help @str` →
    /// `help @stream`, `help @string`). Returns whole replacement lines.
    public static func completions(line: String) -> [String] {
        let bytes = Array(line.utf8)
        if bytes.count >= 5, String(decoding: bytes[..<5], as: UTF8.self).lowercased() == "help " {
            var start = 5
            while start < bytes.count, CommandLineSplitter.isSpace(bytes[start]) { start += 1 }
            let head = String(decoding: bytes[..<start], as: UTF8.self)
            let typed = String(decoding: bytes[start...], as: UTF8.self).uppercased()
            let topics = (CommandCatalog.groups.map { "@" + $0 } + CommandCatalog.entries.map(\.name)).sorted()
            return topics.filter { $0.uppercased().hasPrefix(typed) }.map { head + $0 }
        }
        return completions(prefix: line)
    }

    // MARK: - Hints

    /// The hint redis-cli 7.0 shows after the typed words: the entry whose
    /// name is the longest case-insensitive prefix of `words` is found, and
    /// from its argument spec one space-separated token is dropped per typed
    /// argument, stopping at the first optional (`[`) token.
    /// `["SET", "k"]` → `value [NX|XX] [GET] …`; `["GET", "k"]` → `""`;
    /// `["NOSUCH"]` → nil.
    public static func hint(for words: [String]) -> String? {
        guard !words.isEmpty else { return nil }
        let upper = words.map { $0.uppercased() }
        var best: (count: Int, info: CommandInfo)?
        for (names, info) in CommandCatalog.entryWords where names.count <= upper.count {
            if names.count > (best?.count ?? 0), Array(upper[..<names.count]) == names {
                best = (names.count, info)
            }
        }
        guard let best else { return nil }
        var hint = Substring(best.info.argumentsHint)
        var toRemove = words.count - best.count
        while toRemove > 0, let first = hint.first {
            if first == "[" { break }
            if first == " " { toRemove -= 1 }
            hint = hint.dropFirst()
        }
        return String(hint)
    }

    /// The hint for a partly typed line, exactly as redis-cli displays it: a
    /// leading space is added when the line does not end in whitespace. Nil
    /// for a blank line, a line that does not split, or an unknown command.
    public static func hint(line: String) -> String? {
        guard let words = try? CommandLineSplitter.splitStrings(line), !words.isEmpty,
            let hint = hint(for: words)
        else { return nil }
        let endsInSpace = line.utf8.last.map(CommandLineSplitter.isSpace) ?? false
        return endsInSpace ? hint : " " + hint
    }

    // MARK: - Help

    /// The text of `help …` as redis-cli 7.0 prints it.
    ///
    /// - `help @group`: every command of the group (without the group line).
    /// - `help WORDS`: every entry whose name starts with those words
    ///   (`help config` lists `CONFIG` and all its subcommands; `help config
    ///   get` only `CONFIG GET`).
    /// - Unknown topics print just the closing blank line, as redis-cli does.
    ///
    /// Each entry is a blank line, `  NAME PARAMS`, `  summary: …`,
    /// `  since: …` and `  group: …`, and the text ends with a blank line.
    /// With `color`, the name is bold, the arguments grey and the labels
    /// yellow, with redis-cli's escape codes. redis-cli ends lines with
    /// `"\r\n"`; pass that as `lineEnding` for byte-identical output.
    public static func helpText(for topic: [String], color: Bool = true, lineEnding: String = "\n")
        -> String
    {
        guard let first = topic.first else { return "" }
        var out = ""
        if first.hasPrefix("@"), let group = CommandCatalog.groups.first(where: { $0 == first.dropFirst().lowercased() }) {
            for entry in CommandCatalog.entries where entry.group == group {
                out += entryHelp(entry, showGroup: false, color: color, lineEnding: lineEnding)
            }
        } else {
            let upper = topic.map { $0.uppercased() }
            for (names, info) in CommandCatalog.entryWords where upper.count <= names.count {
                if Array(names[..<upper.count]) == upper {
                    out += entryHelp(info, showGroup: true, color: color, lineEnding: lineEnding)
                }
            }
        }
        return out + lineEnding
    }

    /// The text for a bare `help`, in redis-cli's layout with rwb's names.
    public static func genericHelp(version: String, lineEnding: String = "\n") -> String {
        [
            "rwb \(version)",
            "To get help about Redis commands type:",
            "      \"help @<group>\" to get a list of commands in <group>",
            "      \"help <command>\" for help on <command>",
            "      \"help <tab>\" to get a list of possible help topics",
            "      \"quit\" to exit",
            "",
            "To get help about workbench commands type:",
            "      \".help\"",
        ].map { $0 + lineEnding }.joined()
    }

    private static func entryHelp(_ entry: CommandInfo, showGroup: Bool, color: Bool, lineEnding: String)
        -> String
    {
        let bold = color ? "\u{1B}[1m" : ""
        let grey = color ? "\u{1B}[90m" : ""
        let yellow = color ? "\u{1B}[33m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var out = lineEnding
        if color || !entry.argumentsHint.isEmpty {
            out += "  \(bold)\(entry.name)\(reset) \(grey)\(entry.argumentsHint)\(reset)" + lineEnding
        } else {
            out += "  \(entry.name)" + lineEnding
        }
        out += "  \(yellow)summary:\(reset) \(entry.summary)" + lineEnding
        out += "  \(yellow)since:\(reset) \(entry.since)" + lineEnding
        if showGroup { out += "  \(yellow)group:\(reset) \(entry.group)" + lineEnding }
        return out
    }
}
