import ArgumentParser
import Workbench

/// `rwb kv serve [options]`: the serverless REST endpoint (`KVServeCommand`). `kv` groups
/// what rwb offers for key-value over HTTP; it is no Redis command, so it may be a subcommand.
struct KVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv",
        abstract: "Serverless Redis over HTTP: rwb kv serve runs a local Upstash-compatible REST endpoint (Vercel KV).",
        helpNames: [.long]
    )

    @Argument(parsing: .captureForPassthrough, help: "serve, and its options (rwb kv serve --help).")
    var words: [String] = []

    func run() async throws {
        guard let first = words.first else {
            FileDescriptorSink.standardOutput.write(
                "rwb kv serve [options]   a local Upstash REST endpoint in front of Redis (rwb kv serve --help)\n")
            return
        }
        if first == "--help" { throw CleanExit.helpRequest(KVCommand.self) }
        guard first == "serve" else {
            FileDescriptorSink.standardError.line("rwb: unknown kv command '\(first)': rwb kv serve is the one there is")
            throw ExitCode(2)
        }
        var command: KVServeCommand
        do {
            command = try KVServeCommand.parse(Array(words.dropFirst()))
        } catch {
            // --help exits 0 as the parser would; a usage error exits 2, as everywhere in rwb.
            if KVServeCommand.exitCode(for: error) == .success { KVServeCommand.exit(withError: error) }
            FileDescriptorSink.standardError.line(KVServeCommand.fullMessage(for: error))
            throw ExitCode(2)
        }
        try await command.run()
    }
}
