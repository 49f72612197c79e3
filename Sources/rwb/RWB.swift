import ArgumentParser
import RESP
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// `rwb [options] COMMAND [ARG...]`: one command, printed as redis-cli prints it.
@main
struct RWB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rwb",
        abstract: "Redis Workbench: a redis-cli-compatible client with labs and scripted demos.",
        discussion: """
            Any first word that is not one of rwb's own subcommands is a Redis command:
              rwb GET foo          rwb -n 2 HGETALL user:1          rwb -3 HELLO
            Exit status: 0 for a reply, 1 for an error reply or a connection failure, 2 for bad usage.
            """,
        version: "rwb \(Version.current)",
        helpNames: [.long]
    )

    @OptionGroup var connectionFlags: ConnectionFlags
    @OptionGroup var databaseFlag: DatabaseFlag
    @OptionGroup var output: OutputFlags

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

    @Argument(parsing: .captureForPassthrough, help: "A Redis command and its arguments.")
    var command: [String] = []

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let index = subcommandIndex(in: arguments) {
            var rest = arguments
            let name = rest.remove(at: index)
            if name == "bench" {
                await run(BenchCommand.self, arguments: rest)
            } else {
                await run(RunCommand.self, arguments: rest)
            }
        } else {
            await run(RWB.self, arguments: arguments)
        }
    }

    private static func run<Command: AsyncParsableCommand>(_ type: Command.Type, arguments: [String]) async {
        do {
            var command = try type.parse(arguments)
            try await command.run()
        } catch {
            let code = type.exitCode(for: error)
            let message = type.fullMessage(for: error)
            if !message.isEmpty { FileDescriptorSink(descriptor: code == .success ? 1 : 2).line(message) }
            ExitCleanup.run()
            // Usage errors exit with 2, as the README promises (ArgumentParser's default is 64).
            Glibc.exit(code == .success ? 0 : (error is ExitCode ? code.rawValue : 2))
        }
    }

    /// Options that take a value, to find the first word that is not an option.
    private static let optionsWithValues: Set<String> = [
        "-h", "-p", "-s", "-a", "--pass", "--user", "-n", "-u", "--sni", "--cacert", "--cert", "--key", "-f",
        "--junit", "--seed", "--prefix", "-t", "-c", "-P", "-d", "-r", "--duration", "--dbnum",
    ]

    /// rwb's own subcommands. None may shadow a Redis command (DESIGN.md §1).
    static let subcommands: Set<String> = ["run", "bench"]

    /// The position of an rwb subcommand (`run`, `bench`), if the first non-option word is one.
    /// Any other first word is a Redis command, as with redis-cli.
    static func subcommandIndex(in arguments: [String]) -> Int? {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word.hasPrefix("-") && word.count > 1 {
                index += optionsWithValues.contains(word) ? 2 : 1
                continue
            }
            return subcommands.contains(word) ? index : nil
        }
        return nil
    }

    /// The connection flags with `-n` folded in.
    var connection: ConnectionFlags.WithDatabase { ConnectionFlags.WithDatabase(flags: connectionFlags, database: databaseFlag) }

    func validate() throws {
        // Options come before the command, as with redis-cli; a dash word there is a typo.
        try PrefixRule.validate(prefix)
        // captureForPassthrough takes --help and --version too: hand them back.
        if command.first == "--help" { throw CleanExit.helpRequest(RWB.self) }
        if command.first == "--version" { throw CleanExit.message("rwb \(Version.current)") }
        if let first = command.first, first.hasPrefix("-") {
            throw ValidationError("unknown option '\(first)' (options go before the command; see rwb --help)")
        }
    }

    func run() async throws {
        let stdinIsTerminal = isatty(0) == 1
        if let file {
            throw ExitCode(await runScripts([file]))
        }
        if command.isEmpty {
            if stdinIsTerminal { throw ExitCode(await runShell()) }
            throw ExitCode(await runScripts(["-"]))
        }
        if let warning = connection.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        var arguments = ProcessEnvironment.rawBytes(ofTrailing: command)
        if lastArgumentFromStdin {
            do {
                arguments.append(try ProcessEnvironment.standardInput())
            } catch {
                FileDescriptorSink.standardError.line("rwb: \(error)")
                throw ExitCode(1)
            }
        }
        var options = try connection.request.resolve(environment: ProcessEnvironment.variables)
        if local {
            ExitCleanup.installSignalHandlers()
            let server = try await ThrowawayServer.start()
            ExitCleanup.register(server)
            options = server.options
        }
        let status = await OneShot.run(
            RedisCommand(bytes: arguments),
            options: options,
            mode: output.mode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal),
            output: FileDescriptorSink.standardOutput,
            errors: FileDescriptorSink.standardError
        )
        ExitCleanup.run()
        throw ExitCode(status)
    }

    /// `rwb` on a terminal: the interactive shell.
    private func runShell() async -> Int32 {
        if let warning = connection.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        ExitCleanup.installSignalHandlers([SIGTERM, SIGHUP])
        var settings = Session.Settings(mode: output.mode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal))
        settings.interactive = true
        settings.confirmDangerous = !yes
        settings.prefix = prefix
        let session: Session
        do {
            session = try await SessionLauncher.open(
                request: connection.request, environment: ProcessEnvironment.variables, local: local,
                settings: settings, output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
        } catch {
            FileDescriptorSink.standardError.line("rwb: \(error)")
            return 1
        }
        let history = HistoryFile(environment: ProcessEnvironment.variables)
        let status = Repl(session: session, history: history).run()
        await session.shutdown()
        ExitCleanup.run()
        return status
    }

    /// `rwb -f FILE` and `… | rwb`: the same as `rwb run`, with this command's flags.
    private func runScripts(_ files: [String]) async -> Int32 {
        ExitCleanup.installSignalHandlers()
        var flags: [String] = []
        if local { flags.append("--local") }
        if output.json { flags.append("--json") }
        if output.noRaw { flags.append("--no-raw") }
        flags += ["--prefix", prefix]
        do {
            let script = try ScriptFlags.parse(flags)
            let status = await script.run(files: files, connection: connection)
            ExitCleanup.run()
            return status
        } catch {
            FileDescriptorSink.standardError.line("rwb: \(error)")
            return 2
        }
    }
}
