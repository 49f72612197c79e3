import ArgumentParser
import ReplyFormat
import Workbench

/// `rwb run FILE…`: scripts with assertions, for CI and repeatable demos.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run workbench scripts: Redis commands, dot-commands and assertions.",
        discussion: """
            Exit status: 0 when every line ran and every assertion held, 1 on a failed assertion, \
            error reply or lost connection, 2 for a script that does not parse, 128 + N when signal N \
            (130 Ctrl-C, 143 SIGTERM) stopped it; a lab running then puts back what it changed first.
            """,
        helpNames: [.long]
    )

    @OptionGroup var connectionFlags: ConnectionFlags
    @OptionGroup var restFlags: RESTFlags
    @OptionGroup var databaseFlag: DatabaseFlag
    @OptionGroup var clusterFlags: ClusterFlags
    @OptionGroup var script: ScriptFlags

    @Argument(help: "Script files ('-' reads standard input).")
    var files: [String]

    func validate() throws {
        let request = ConnectionFlags.WithDatabase(flags: connectionFlags, database: databaseFlag, cluster: clusterFlags, rest: restFlags)
            .request
        if let conflict = request.restConflict { throw ValidationError(conflict) }
        if request.isREST && (script.local || clusterFlags.localCluster) { throw ValidationError(SessionLauncher.restWithThrowawayServer) }
    }

    func run() async throws {
        let connection = ConnectionFlags.WithDatabase(
            flags: connectionFlags, database: databaseFlag, cluster: clusterFlags, rest: restFlags)
        let work = Task { [script, files] in await script.run(files: files, connection: connection) }
        // Ctrl-C or SIGTERM stops the script between lines (a lab puts back what it changed
        // first); the exit status is then 128 + the signal.
        ExitCleanup.installSignalHandlers(onInterrupt: { work.cancel() })
        let status = await work.value
        ExitCleanup.run()
        throw ExitCode(status)
    }
}

/// Options of every way to run scripts: `rwb run`, `rwb -f`, and piped stdin.
struct ScriptFlags: ParsableArguments, Sendable {
    @Flag(name: .customLong("local"), help: "Use a throwaway local redis-server, whatever else is running.")
    var local = false

    @Flag(name: .customLong("keep-going"), help: "Run on after a failure and report every failure.")
    var keepGoing = false

    @Flag(name: .customLong("echo"), help: "Write each line before its reply: a transcript for golden files.")
    var echo = false

    @Flag(name: .customLong("json"), help: "Write one JSON object per line (file, line, command, reply, ok, ms).")
    var json = false

    @Option(name: .customLong("junit"), help: "Write a JUnit XML report to this file.")
    var junit: String?

    @Option(name: .customLong("seed"), help: "Seed for labs and random data.")
    var seed: UInt64?

    @Option(name: .customLong("prefix"), help: "Key prefix of everything the workbench writes (.clean removes it).")
    var prefix = "rwb:"

    @Flag(name: .customLong("raw"), help: "Print replies as redis-cli --raw does (the default for scripts).")
    var raw = false

    @Flag(name: .customLong("no-raw"), help: "Print replies as redis-cli does on a terminal.")
    var noRaw = false

    @Flag(name: .customLong("csv"), help: "Print replies as redis-cli --csv does.")
    var csv = false

    @Flag(name: .customLong("verbose"), help: "Show on stderr each command sent and each reply, as RESP (as .trace on does).")
    var verbose = false

    @Option(
        name: .customLong("show-pushes"),
        help: ArgumentHelp("Print RESP3 pushes (tracking invalidations…) as they arrive (default: yes on a terminal).", valueName: "yes|no")
    )
    var showPushes: String?

    func validate() throws {
        try PrefixRule.validate(prefix)
        if let showPushes, OutputFlags.yesOrNo(showPushes) == nil { throw ValidationError("--show-pushes \(showPushes): yes or no") }
        if [raw, noRaw, csv].filter({ $0 }).count > 1 { throw ValidationError("choose one of --raw, --no-raw, --csv") }
    }

    /// Scripts print raw unless asked otherwise (their output is for files and pipes).
    var mode: OutputMode { csv ? .csv : (noRaw ? .tty : .raw) }

    func run(files: [String], connection: ConnectionFlags.WithDatabase) async -> Int32 {
        if let warning = connection.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        var settings = Session.Settings(mode: mode)
        settings.showPushes = showPushes.flatMap(OutputFlags.yesOrNo) ?? FileDescriptorSink.standardOutput.isTerminal
        if let seed { settings.seed = seed }
        settings.prefix = prefix
        let output: OutputSink = json ? NullSink() : FileDescriptorSink.standardOutput
        let session: Session
        do {
            session = try await SessionLauncher.open(
                request: connection.request, environment: ProcessEnvironment.variables, local: local,
                localCluster: connection.cluster?.localCluster ?? false,
                settings: settings, output: output, errors: FileDescriptorSink.standardError)
        } catch {
            FileDescriptorSink.standardError.line("rwb: \(error)")
            return 1
        }
        if verbose { await session.setTrace(true) }
        var options = BatchRunner.Options()
        options.keepGoing = keepGoing
        options.echo = echo
        options.jsonLines = json ? FileDescriptorSink.standardOutput : nil
        let runner = BatchRunner(session: session, options: options)
        var status: Int32 = 0
        var report = JUnitReport()
        for file in files {
            let outcome = await runner.run(path: file, errors: FileDescriptorSink.standardError)
            report.add(outcome.cases)
            status = max(status, outcome.exitStatus)
            if outcome.quit || (status != 0 && !keepGoing) || Task.isCancelled { break }
        }
        await session.shutdown()
        if let junit {
            do {
                try TextFile.write(report.xml, to: junit)
            } catch {
                FileDescriptorSink.standardError.line("rwb: cannot write \(junit): \(error)")
                status = max(status, 1)
            }
        }
        return status
    }
}

/// A mistake in how rwb was called, found after parsing: exit status 2, no usage text.
struct UsageError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
