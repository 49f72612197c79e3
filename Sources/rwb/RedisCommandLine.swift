import ArgumentParser
import RESP
import RedisClient
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// The default subcommand: `rwb [options] COMMAND [ARG…]` sends one command; without a
/// command, the REPL on a terminal, or a script piped on standard input.
struct RedisCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        // Never typed (hidden), and not a Redis command name, so it can never shadow one.
        commandName: "redis-command",
        abstract: "Send one Redis command (the default).",
        shouldDisplay: false,
        helpNames: [.long]
    )

    @ParentCommand var rwb: RWB

    @Argument(parsing: .captureForPassthrough, help: "A Redis command and its arguments.")
    var command: [String] = []

    private var options: ShellOptions { rwb.options }

    func validate() throws {
        // captureForPassthrough takes --help and --version too: hand them back.
        if command.first == "--help" { throw CleanExit.helpRequest(RWB.self) }
        if command.first == "--version" { throw CleanExit.message("rwb \(Version.current)") }
    }

    func run() async throws {
        // Options come before the command, as with redis-cli; a dash word there is a typo.
        // (Thrown here rather than from validate() so the message names `rwb`, not this
        // hidden subcommand.)
        if let first = command.first, first.hasPrefix("-"), first != "--" {
            throw UsageError("unknown option '\(first)' (options go before the command; see rwb --help)")
        }
        let words = command.first == "--" ? Array(command.dropFirst()) : command
        if let (mode, formatsOutput) = options.modes.replacingMode {
            if options.lastArgumentFromStdin { throw UsageError("-x reads a command's last argument; \(mode) takes no command") }
            if options.file != nil { throw UsageError("-f runs a script; \(mode) is a mode of its own") }
            let output = options.output
            if !formatsOutput,
                let flag = [
                    ("--raw", output.raw), ("--no-raw", output.noRaw), ("--json", output.json), ("--quoted-json", output.quotedJSON),
                    ("--csv", output.csv),
                ]
                .first(where: \.1)?.0
            {
                throw UsageError("\(mode) prints redis-cli's text, in no other format (\(flag))")
            }
        }
        if options.modes.scan {
            if let first = words.first { throw UsageError("--scan lists keys and takes no command ('\(first)')") }
            if options.local || options.cluster.localCluster {
                throw UsageError("--scan lists a server's keys; a throwaway server (--local, --local-cluster) has none")
            }
            throw ExitCode(await runScan())
        }
        if let kind = options.modes.keySurvey {
            let flag = ModeFlags.keySurveyFlags[kind] ?? "--bigkeys"
            if let first = words.first { throw UsageError("\(flag) surveys the keys and takes no command ('\(first)')") }
            if options.local || options.cluster.localCluster {
                throw UsageError("\(flag) surveys a server's keys; a throwaway server (--local, --local-cluster) has none")
            }
            throw ExitCode(await runKeySurvey(kind))
        }
        if let seconds = options.modes.intrinsicLatency {
            if let first = words.first { throw UsageError("--intrinsic-latency takes no command ('\(first)')") }
            let work = Task { IntrinsicLatency(seconds: seconds).run(output: FileDescriptorSink.standardOutput) }
            ExitCleanup.installSignalHandlers(onInterrupt: { work.cancel() })
            throw ExitCode(await work.value)
        }
        if let kind = options.modes.latencyKind {
            if let first = words.first { throw UsageError("\(options.modes.latencyFlag) takes no command ('\(first)')") }
            if options.local || options.cluster.localCluster {
                throw UsageError("\(options.modes.latencyFlag) measures a server you have; a throwaway one would measure rwb's own")
            }
            let latency = LatencyMode(
                kind: kind, interval: options.modes.intervalDuration,
                mode: options.output.mode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal))
            throw ExitCode(
                await untilInterrupted { connection in
                    await latency.run(
                        options: connection, output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
                })
        }
        if options.modes.stat {
            if let first = words.first { throw UsageError("--stat takes no command ('\(first)')") }
            if options.local || options.cluster.localCluster {
                throw UsageError("--stat watches a server you have; a throwaway one (--local, --local-cluster) has nothing to show")
            }
            throw ExitCode(await runStat())
        }
        if let mode = options.modes.replicationMode {
            if let first = words.first { throw UsageError("\(mode) takes no command ('\(first)')") }
            if options.local || options.cluster.localCluster || options.cluster.cluster {
                throw UsageError("\(mode) works on one server you have: not a throwaway one (--local, --local-cluster), not a cluster (-c)")
            }
            throw ExitCode(await runReplicationMode())
        }
        if options.modes.pipe {
            if let first = words.first { throw UsageError("--pipe reads its commands from stdin and takes none on the line ('\(first)')") }
            if options.local || options.cluster.localCluster || options.cluster.cluster {
                throw UsageError(
                    "--pipe writes to one server you have: not a throwaway one (--local), not a cluster (-c; its masters each need their own keys)"
                )
            }
            throw ExitCode(await runPipe())
        }
        if let mode = options.modes.luaDebugger {
            throw ExitCode(try await runLuaDebugger(mode, words: words))
        }
        if words.isEmpty && options.modes.eval == nil, let flag = options.modes.commandFlagsGiven.first {
            throw UsageError("\(flag) shapes one command: give the command after the options (rwb \(flag) … COMMAND ARG…)")
        }
        if let file = options.file {
            throw ExitCode(await runScripts([file]))
        }
        if words.isEmpty && options.modes.eval == nil {
            if isatty(0) == 1 { throw ExitCode(await runShell()) }
            throw ExitCode(await runScripts(["-"]))
        }
        if let warning = options.request.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        throw ExitCode(
            await OneShot.runCommandLine(
                words, request: options.request.request, local: options.local, localCluster: options.cluster.localCluster,
                lastArgumentFromStdin: options.lastArgumentFromStdin,
                mode: options.output.mode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal), shape: options.modes.shape))
    }

    /// `rwb --pipe`: mass insertion from stdin.
    private func runPipe() async -> Int32 {
        guard let connection = resolvedConnection() else { return 2 }
        let seconds = options.modes.pipeTimeout ?? 30
        return await PipeMode.run(
            options: connection, timeout: seconds == 0 ? nil : .seconds(seconds), output: FileDescriptorSink.standardOutput,
            errors: FileDescriptorSink.standardError)
    }

    /// `rwb --ldb --eval FILE keys , args` and `--ldb-sync-mode`: a Lua debugging session.
    private func runLuaDebugger(_ mode: LuaDebugger.Mode, words: [String]) async throws -> Int32 {
        let flag = mode == .sync ? "--ldb-sync-mode" : "--ldb"
        if options.lastArgumentFromStdin { throw UsageError("-x reads a command's last argument; \(flag) reads the lines you type") }
        if options.file != nil { throw UsageError("-f runs a script; \(flag) debugs the Lua script of --eval") }
        if options.cluster.cluster || options.cluster.localCluster {
            throw UsageError("\(flag) debugs a script on one server, not a cluster (-c, --local-cluster)")
        }
        let output = options.output
        if let format = [
            ("--raw", output.raw), ("--no-raw", output.noRaw), ("--json", output.json), ("--quoted-json", output.quotedJSON),
            ("--csv", output.csv),
        ]
        .first(where: \.1)?.0 {
            throw UsageError("\(flag) prints the debugger's lines as redis-cli does, in no other format (\(format))")
        }
        guard let file = options.modes.eval else { throw UsageError("Options --ldb and --ldb-sync-mode require --eval.") }
        guard let connection = resolvedConnection() else { return 2 }
        if connection.tls != nil { throw UsageError("\(flag) talks to the server over a plain socket; TLS is not supported here") }
        var debugger = LuaDebugger(
            mode: mode, file: file, words: ProcessEnvironment.rawBytes(ofTrailing: words), options: connection,
            colored: LuaDebuggerReply.usesColor(
                term: ProcessEnvironment.variables["TERM"], outputIsTerminal: FileDescriptorSink.standardOutput.isTerminal))
        // A file that cannot be read is refused before anything is sent, with --eval's message.
        do {
            _ = try debugger.evalCommand()
        } catch {
            FileDescriptorSink.standardError.line(error.status == 2 ? "Error: \(error)" : error.description)
            return error.status
        }
        if let warning = options.request.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        ExitCleanup.installSignalHandlers([SIGTERM, SIGHUP])
        if options.local {
            do {
                let server = try await ThrowawayServer.start()
                ExitCleanup.register(server)
                debugger.options = server.options
            } catch {
                FileDescriptorSink.standardError.line("rwb: \(error)")
                return 1
            }
        }
        let status = debugger.run(output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
        ExitCleanup.run()
        return status
    }

    /// `rwb --scan`: every key once.
    private func runScan() async -> Int32 {
        let scan: ScanMode
        do {
            scan = try ScanMode(flags: options.modes)
        } catch {
            FileDescriptorSink.standardError.line("Error: \(error)")
            return 2
        }
        let mode = options.output.mode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal)
        return await untilInterrupted { connection in
            await scan.run(
                options: connection, mode: mode, output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
        }
    }

    /// `rwb --bigkeys`, `--memkeys`, `--hotkeys`.
    private func runKeySurvey(_ kind: KeySurveyMode.Kind) async -> Int32 {
        var pattern = options.modes.pattern
        if let quoted = options.modes.quotedPattern {
            do {
                let bytes = try CommandArguments.unquoted([Array(quoted.utf8)])[0]
                // The walk's script takes the pattern as text: a pattern of other bytes is --scan's alone.
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    FileDescriptorSink.standardError.line("Error: --quoted-pattern: only --scan takes a pattern that is not UTF-8")
                    return 2
                }
                pattern = text
            } catch {
                FileDescriptorSink.standardError.line("Error: \(error)")
                return 2
            }
        }
        let survey = KeySurveyMode(
            kind: kind, pattern: pattern, interval: options.modes.intervalDuration, memorySamples: options.modes.memKeysSamples)
        return await untilInterrupted { connection in
            await survey.run(options: connection, output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
        }
    }

    /// `rwb --stat`: redis-cli's rolling stats line.
    private func runStat() async -> Int32 {
        let stat = StatMode(interval: options.modes.intervalDuration)
        return await untilInterrupted { connection in
            await stat.run(options: connection, output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
        }
    }

    /// `rwb --rdb`, `--functions-rdb`, `--replica`, `--lru-test`.
    private func runReplicationMode() async -> Int32 {
        let (output, errors) = (FileDescriptorSink.standardOutput, FileDescriptorSink.standardError)
        if let snapshot = options.modes.snapshot {
            return await untilInterrupted { await snapshot.run(options: $0, errors: errors) }
        }
        if let keys = options.modes.lruTest {
            return await untilInterrupted { await LRUTestMode(keys: keys).run(options: $0, output: output, errors: errors) }
        }
        return await untilInterrupted { await ReplicaMode().run(options: $0, output: output, errors: errors) }
    }

    /// The server the flags name, or nil once the reason is said (a URL that does not
    /// parse is bad usage: exit 2).
    private func resolvedConnection() -> ConnectionOptions? {
        do {
            return try options.request.request.resolve(environment: ProcessEnvironment.variables)
        } catch {
            FileDescriptorSink.standardError.line("Error: \(error)")
            return nil
        }
    }

    /// A mode on the server the flags name, ended by Ctrl-C (the mode's own exit status then).
    private func untilInterrupted(_ body: @escaping @Sendable (ConnectionOptions) async -> Int32) async -> Int32 {
        guard let connection = resolvedConnection() else { return 2 }
        let work = Task { await body(connection) }
        ExitCleanup.installSignalHandlers(onInterrupt: { work.cancel() })
        return await work.value
    }

    /// `rwb` on a terminal: the interactive shell.
    private func runShell() async -> Int32 {
        if let warning = options.request.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        ExitCleanup.installSignalHandlers([SIGTERM, SIGHUP])
        var settings = Session.Settings(mode: options.output.mode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal))
        settings.interactive = true
        settings.showPushes = options.output.showsPushes(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal)
        settings.confirmDangerous = !options.yes
        settings.prefix = options.prefix
        let session: Session
        do {
            session = try await SessionLauncher.open(
                request: options.request.request, environment: ProcessEnvironment.variables, local: options.local,
                localCluster: options.cluster.localCluster, settings: settings, output: FileDescriptorSink.standardOutput,
                errors: FileDescriptorSink.standardError)
        } catch {
            FileDescriptorSink.standardError.line("rwb: \(error)")
            return 1
        }
        if options.modes.verbose { await session.setTrace(true) }
        let history = HistoryFile(environment: ProcessEnvironment.variables)
        let status = Repl(session: session, history: history).run()
        await session.shutdown()
        ExitCleanup.run()
        return status
    }

    /// `rwb -f FILE` and `… | rwb`: the same as `rwb run`, with this command's flags.
    private func runScripts(_ files: [String]) async -> Int32 {
        if options.output.quotedJSON {
            FileDescriptorSink.standardError.line(
                "Error: --quoted-json shapes a command's reply and the REPL's; a script prints raw, --no-raw or --csv (--json: a report)")
            return 2
        }
        var flags: [String] = []
        if options.local { flags.append("--local") }
        if options.output.json { flags.append("--json") }
        if options.output.csv { flags.append("--csv") }
        if options.output.noRaw { flags.append("--no-raw") }
        if let shown = options.output.showPushes { flags += ["--show-pushes", shown] }
        if options.modes.verbose { flags.append("--verbose") }
        flags += ["--prefix", options.prefix]
        do {
            let script = try ScriptFlags.parse(flags)
            let work = Task { [request = options.request] in await script.run(files: files, connection: request) }
            ExitCleanup.installSignalHandlers(onInterrupt: { work.cancel() })
            let status = await work.value
            ExitCleanup.run()
            return status
        } catch {
            FileDescriptorSink.standardError.line("rwb: \(error)")
            return 2
        }
    }
}
