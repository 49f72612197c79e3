import ArgumentParser

/// `rwb top` and `.top` enter as `rwb analyze` and `.analyze` do: one entry in
/// `LabCatalog.tools`, one parser for the REPL, for scripts (checked before they run) and for
/// the shell. Only the run differs: a live dashboard has no one report for `LabRunner` to
/// print and keep for `.expect`, so `Top.run` draws its readings itself.
extension LabEntry {
    static let top = LabEntry(
        labName: "top", labSummary: Top.summary, runsOverREST: false,
        run: { words, session in
            do {
                return await Top.run(try TopDotCommand.parse(words).options.settings, in: session)
            } catch {
                if TopDotCommand.exitCode(for: error) == .success {
                    session.output.line(TopDotCommand.fullMessage(for: error))  // --help
                    return LineResult()
                }
                return LineResult(failure: .usage(".top: \(TopDotCommand.message(for: error))"))
            }
        },
        problem: { words in
            do {
                _ = try TopDotCommand.parse(words)
                return nil
            } catch {
                if TopDotCommand.exitCode(for: error) == .success { return nil }
                return ".top: \(TopDotCommand.message(for: error))"
            }
        },
        shell: { words in await runFromShell(TopShellCommand.self, words) },
        shellHelp: { TopShellCommand.helpMessage() })
}

/// `.top [options]` in the REPL and scripts.
struct TopDotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: ".top", abstract: Top.summary, helpNames: [.long])

    @OptionGroup var options: TopOptions
}

/// `rwb top [options]`: the dashboard of one server, or of a cluster's masters summed, with
/// redis-cli's connection flags (`-c` and `--local-cluster` as `rwb analyze` takes them).
struct TopShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rwb top", abstract: Top.summary, helpNames: [.long])

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var database: DatabaseFlag
    @OptionGroup var cluster: ClusterFlags
    @OptionGroup var options: TopOptions

    @Flag(name: .customLong("local"), help: "Watch a throwaway local redis-server.")
    var local = false

    /// Exit status: 0 when the dashboard ends (q, Ctrl-C, SIGTERM, or its samples taken), 1
    /// when it cannot connect or gives up without a reading.
    func run() async throws {
        let request = ConnectionFlags.WithDatabase(flags: connection, database: database, cluster: cluster)
        if let warning = request.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        let session: Session
        do {
            session = try await SessionLauncher.open(
                request: request.request, environment: ProcessEnvironment.variables, local: local, localCluster: cluster.localCluster,
                settings: Session.Settings(mode: .raw), output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
        } catch {
            FileDescriptorSink.standardError.line("rwb: \(error)")
            throw ExitCode(1)
        }
        let settings = options.settings
        let work = Task { await Top.run(settings, in: session) }
        // Ctrl-C and SIGTERM end the dashboard; it restores the terminal on its way out.
        ExitCleanup.installSignalHandlers(onInterrupt: { work.cancel() })
        let result = await work.value
        if let failure = result.failure { FileDescriptorSink.standardError.line(failure.message) }
        await session.shutdown()
        ExitCleanup.run()
        throw ExitCode(result.ok ? 0 : 1)
    }
}
