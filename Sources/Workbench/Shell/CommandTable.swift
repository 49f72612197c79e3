/// One Redis command (or container subcommand such as `CONFIG GET`) as the
/// built-in table knows it.
public struct CommandInfo: Sendable, Equatable {
    /// Upper-case full name: `GET`, `CONFIG GET`.
    public let name: String
    public let summary: String
    /// `COMMAND DOCS` group: `string`, `sorted-set`, `server`, …
    public let group: String
    /// The Redis version that introduced it.
    public let since: String
    /// Redis arity, counting the command name (and subcommand name): positive is
    /// exact, negative is a minimum.
    public let arity: Int
    /// `COMMAND INFO` flags: `write`, `readonly`, `blocking`, `noscript`, …
    public let flags: [String]
    /// The argument spec redis-cli shows in `help` and as a hint, e.g.
    /// `key value [NX|XX] [GET] [EX seconds|…|KEEPTTL]`; empty for no arguments.
    public let argumentsHint: String
    /// For container commands (`CONFIG`, `CLIENT`, …), their subcommands by name.
    public let subcommands: [CommandInfo]

    public init(
        name: String, summary: String, group: String, since: String, arity: Int, flags: [String],
        argumentsHint: String, subcommands: [CommandInfo] = []
    ) {
        self.name = name
        self.summary = summary
        self.group = group
        self.since = since
        self.arity = arity
        self.flags = flags
        self.argumentsHint = argumentsHint
        self.subcommands = subcommands
    }

    /// The words of the name: `["CONFIG", "GET"]`.
    public var words: [String] { name.split(separator: " ").map(String.init) }

    /// `name` followed by the argument spec: `GET key`.
    public var synopsis: String { argumentsHint.isEmpty ? name : name + " " + argumentsHint }
}

/// The built-in table of Redis 7.0 commands (generated from redis-server
/// 7.0.15's `COMMAND DOCS` by `scripts/gen-command-table`), for completion,
/// inline hints and `help` when the server's own docs are not at hand.
///
/// Completion, hints and help text follow redis-cli 7.0's behaviour
/// (`completionCallback`, `hintsCallback`, `cliOutputHelp`).
public enum CommandTable {
    /// Top-level commands by upper-case name; containers carry their subcommands.
    public static let builtIn: [String: CommandInfo] = {
        var table: [String: CommandInfo] = [:]
        for command in generatedCommands { table[command.name] = command }
        return table
    }()

    /// Every command and subcommand, flattened and sorted by name (redis-cli's
    /// help entries): `CLIENT`, `CLIENT CACHING`, …, `CONFIG`, `CONFIG GET`, ….
    public static let entries: [CommandInfo] = {
        var all: [CommandInfo] = []
        for command in generatedCommands {
            all.append(command)
            all.append(contentsOf: command.subcommands)
        }
        return all.sorted { $0.name < $1.name }
    }()

    /// The groups, sorted: `bitmap`, `cluster`, `connection`, ….
    public static let groups: [String] = Array(Set(generatedCommands.map(\.group))).sorted()

    private static let entryWords: [(words: [String], info: CommandInfo)] = entries.map {
        ($0.words, $0)
    }

    // MARK: - Lookup

    /// The most specific entry for typed words: `["config", "get", "x"]` →
    /// `CONFIG GET`, `["config", "nope"]` → `CONFIG`, `["get"]` → `GET`.
    public static func lookup(_ words: [String]) -> CommandInfo? {
        guard let first = words.first, let command = builtIn[first.uppercased()] else { return nil }
        if words.count > 1 {
            let full = command.name + " " + words[1].uppercased()
            if let sub = command.subcommands.first(where: { $0.name == full }) { return sub }
        }
        return command
    }

    // MARK: - Completion

    /// Full names (upper case, subcommands included) that start with `prefix`,
    /// compared case-insensitively, sorted: `"conf"` → `CONFIG`, `CONFIG GET`, ….
    public static func completions(prefix: String) -> [String] {
        let upper = prefix.uppercased()
        return entries.map(\.name).filter { $0.hasPrefix(upper) }
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
            let topics = (groups.map { "@" + $0 } + entries.map(\.name)).sorted()
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
        for (names, info) in entryWords where names.count <= upper.count {
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
        if first.hasPrefix("@"), let group = groups.first(where: { $0 == first.dropFirst().lowercased() }) {
            for entry in entries where entry.group == group {
                out += entryHelp(entry, showGroup: false, color: color, lineEnding: lineEnding)
            }
        } else {
            let upper = topic.map { $0.uppercased() }
            for (names, info) in entryWords where upper.count <= names.count {
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
