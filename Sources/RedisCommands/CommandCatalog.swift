/// The built-in table of Redis 7.0 commands, generated from redis-server 7.0.15's
/// `COMMAND DOCS` and `COMMAND INFO` by `scripts/gen-command-table`: names, arity, flags,
/// groups and argument hints. The one source of facts about commands for the client, the
/// reply formatter and the shell (see `CommandFacts`).
public enum CommandCatalog {
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

    /// Every entry with its name split into words, for matching typed words.
    public static let entryWords: [(words: [String], info: CommandInfo)] = entries.map {
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
}
