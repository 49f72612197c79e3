import ArgumentParser
import Workbench

/// The options of `rwb [options] [COMMAND …]`: redis-cli's, plus the workbench's own.
struct ShellOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var rest: RESTFlags
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

    @Option(
        name: .customShort("t"), parsing: .unconditional,
        help: ArgumentHelp("Give up connecting after this many seconds (decimals allowed; 0: no limit; default 5).", valueName: "SECONDS"))
    var connectTimeout: Double?

    func validate() throws {
        try PrefixRule.validate(prefix)
        if let connectTimeout, !(0...3600).contains(connectTimeout) {
            throw ValidationError("-t \(connectTimeout): from 0 (no limit) to 3600 seconds")
        }
        let named = ConnectionFlags.WithDatabase(flags: connection, database: database, cluster: cluster, rest: rest).request
        if let conflict = named.restConflict { throw ValidationError(conflict) }
        if named.isREST, local || cluster.localCluster { throw ValidationError(SessionLauncher.restWithThrowawayServer) }
    }

    /// The connection flags with `-n` folded in.
    var request: ConnectionFlags.WithDatabase {
        // 0 is redis-cli's "no limit": the system's own, a day here at most.
        let timeout = connectTimeout.map { Duration.milliseconds(Int64(($0 == 0 ? 86_400 : $0) * 1000)) }
        return ConnectionFlags.WithDatabase(
            flags: connection, database: database, cluster: cluster, connectTimeout: timeout, rest: rest)
    }
}
