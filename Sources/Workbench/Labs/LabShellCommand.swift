import ArgumentParser
import Labs

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `rwb lab NAME [options]`: one lab from the shell, with redis-cli's connection flags.
/// The lab's options are the same parser `.lab NAME` uses in the REPL and in scripts.
struct LabShellCommand<Spec: LabSpec>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Spec.Runs.needs.kind == .tool ? "rwb \(Spec.Runs.name)" : "rwb lab \(Spec.Runs.name)", abstract: Spec.Runs.summary,
            helpNames: [.long])
    }

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var database: DatabaseFlag
    @OptionGroup var cluster: ClusterFlags
    /// Every lab parses them, so that one that does not run over REST says so in one line
    /// (rather than ArgumentParser's "unknown option").
    @OptionGroup var rest: RESTFlags

    @Option(name: .customLong("prefix"), help: "Key prefix of everything the workbench writes; the lab's keys go under PREFIXlab:NAME:.")
    var prefix = "rwb:"

    @OptionGroup var arguments: LabArguments<Spec>

    func validate() throws {
        try PrefixRule.validate(prefix)
    }

    /// Exit status: 0 done, 1 failed (or stopped by a lost server), 2 bad usage, 128 + N
    /// stopped by signal N (130 Ctrl-C, 143 SIGTERM).
    func run() async throws {
        var plan = try arguments.plan()
        if rest.isGiven {
            // Refused before anything starts: no throwaway server, no request to the endpoint.
            let refusal =
                !Spec.Runs.needs.runsOverREST
                ? LabCatalog.restRefusal(Spec.name)
                : plan.local ? SessionLauncher.restWithThrowawayServer : LabRunner.restRefusal(Spec.self, plan.lab)
            if let refusal {
                FileDescriptorSink.standardError.line("rwb: \(refusal)")
                throw ExitCode(2)
            }
        }
        let request = ConnectionFlags.WithDatabase(flags: connection, database: database, cluster: cluster, rest: rest)
        if let warning = request.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        var settings = Session.Settings(mode: .raw)
        settings.prefix = prefix
        let session: Session
        if Spec.Runs.needs.server == .session {
            do {
                // On a fresh machine with nothing at the default address, the lab gets a
                // throwaway server (ARCHITECTURE.md §5); --local asks for one whatever is there.
                session = try await SessionLauncher.open(
                    request: request.request, environment: ProcessEnvironment.variables, local: plan.local,
                    localCluster: cluster.localCluster,
                    settings: settings,
                    output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
            } catch {
                FileDescriptorSink.standardError.line("rwb: \(error)")
                throw ExitCode(1)
            }
        } else {
            session = Session(settings: settings, output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
        }
        // The session's server is the throwaway one: the runner must not start another.
        plan.local = false
        let work = Task { await LabRunner.run(Spec.self, plan, in: session) }
        // Ctrl-C stops the workload; the report so far is printed and the keys removed.
        ExitCleanup.installSignalHandlers(onInterrupt: { work.cancel() })
        let result = await work.value
        await session.shutdown()
        ExitCleanup.run()
        throw ExitCode(Self.status(result))
    }

    static func status(_ result: LineResult) -> Int32 {
        guard let failure = result.failure else { return 0 }
        // The partial report already says the run was interrupted.
        if case .interrupted = failure {} else { FileDescriptorSink.standardError.line("rwb: \(failure.message)") }
        return failure.exitStatus
    }
}
