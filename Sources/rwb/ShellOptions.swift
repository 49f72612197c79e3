import ArgumentParser
import Workbench

/// The options of `rwb [options] [COMMAND …]`: redis-cli's, plus the workbench's own.
struct ShellOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var database: DatabaseFlag
    @OptionGroup var output: OutputFlags
    @OptionGroup var cluster: ClusterFlags
    @OptionGroup var modes: ModeFlags

    @Flag(name: .customShort("x"), help: "Read the last argument from standard input.")
    var lastArgumentFromStdin = false

    @Option(name: .customShort("f"), help: "Run a script file (as `rwb run FILE`).")
    var file: String?

    @Flag(name: .customLong("local"), help: "Use a throwaway local redis-server, whatever else is running.")
    var local = false

    @Flag(name: .customLong("yes"), help: "Do not ask before FLUSHALL, SHUTDOWN and other destructive commands.")
    var yes = false

    @Option(name: .customLong("prefix"), help: "Key prefix of everything the workbench writes (.clean removes it).")
    var prefix = "rwb:"

    func validate() throws {
        try PrefixRule.validate(prefix)
    }

    /// The connection flags with `-n` folded in.
    var request: ConnectionFlags.WithDatabase { ConnectionFlags.WithDatabase(flags: connection, database: database, cluster: cluster) }
}
