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
    /// Where the keys are among the arguments (`COMMAND INFO` key specifications): what
    /// cluster routing and the CROSSSLOT check read. Empty for commands without keys.
    public let keySpecs: [KeySpec]
    /// The argument spec redis-cli shows in `help` and as a hint, e.g.
    /// `key value [NX|XX] [GET] [EX seconds|…|KEEPTTL]`; empty for no arguments.
    public let argumentsHint: String
    /// For container commands (`CONFIG`, `CLIENT`, …), their subcommands by name.
    public let subcommands: [CommandInfo]

    public init(
        name: String, summary: String, group: String, since: String, arity: Int, flags: [String],
        keySpecs: [KeySpec] = [], argumentsHint: String, subcommands: [CommandInfo] = []
    ) {
        self.name = name
        self.summary = summary
        self.group = group
        self.since = since
        self.arity = arity
        self.flags = flags
        self.keySpecs = keySpecs
        self.argumentsHint = argumentsHint
        self.subcommands = subcommands
    }

    /// The words of the name: `["CONFIG", "GET"]`.
    public var words: [String] { name.split(separator: " ").map(String.init) }

    /// `name` followed by the argument spec: `GET key`.
    public var synopsis: String { argumentsHint.isEmpty ? name : name + " " + argumentsHint }
}
