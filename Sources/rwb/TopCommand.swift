import ArgumentParser
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// `rwb top`: a live dashboard of one server, or of a cluster's masters summed (the same
/// options as `.top`). It takes `-c` and `--local-cluster` as `rwb analyze` does.
struct TopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "A live dashboard: ops/s, hit ratio, memory and maxmemory, evictions, clients, keys, slow commands.",
        helpNames: [.long]
    )

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var database: DatabaseFlag
    @OptionGroup var cluster: ClusterFlags
    @OptionGroup var options: TopOptions

    @Flag(name: .customLong("local"), help: "Watch a throwaway local redis-server.")
    var local = false

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
        let options = self.options.settings
        let work = Task { await Top.run(options, in: session) }
        // Ctrl-C and SIGTERM end the dashboard; it restores the terminal on its way out.
        ExitCleanup.installSignalHandlers(onInterrupt: { work.cancel() })
        let result = await work.value
        if let failure = result.failure { FileDescriptorSink.standardError.line(failure.message) }
        await session.shutdown()
        ExitCleanup.run()
        throw ExitCode(result.ok ? 0 : 1)
    }
}
