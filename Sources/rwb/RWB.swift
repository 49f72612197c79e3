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
        helpNames: [.long]
    )

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var output: OutputFlags

    @Flag(name: .customShort("x"), help: "Read the last argument from standard input.")
    var lastArgumentFromStdin = false

    @Argument(parsing: .captureForPassthrough, help: "A Redis command and its arguments.")
    var command: [String] = []

    static func main() async {
        do {
            var parsed = try parseAsRoot()
            if var async = parsed as? AsyncParsableCommand {
                try await async.run()
            } else {
                try parsed.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// Usage errors exit with 2, as the README promises (ArgumentParser's default is 64).
    static func exit(withError error: Error) -> Never {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if !message.isEmpty {
            FileDescriptorSink(descriptor: code == .success ? 1 : 2).line(message)
        }
        Glibc.exit(code == .success ? 0 : (error is ExitCode ? code.rawValue : 2))
    }

    func validate() throws {
        // Options come before the command, as with redis-cli; a dash word there is a typo.
        if let first = command.first, first.hasPrefix("-") {
            throw ValidationError("unknown option '\(first)' (options go before the command; see rwb --help)")
        }
    }

    func run() async throws {
        if let warning = connection.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        guard !command.isEmpty else {
            throw ValidationError("the interactive shell is not built yet: give a command, e.g. `rwb PING`")
        }
        var arguments = command.map { Array($0.utf8) }
        if lastArgumentFromStdin { arguments.append(readStandardInput()) }
        let options = try connection.request.resolve(environment: ProcessEnvironment.variables)
        let status = await OneShot.run(
            RedisCommand(bytes: arguments),
            options: options,
            mode: output.mode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal),
            output: FileDescriptorSink.standardOutput,
            errors: FileDescriptorSink.standardError
        )
        throw ExitCode(status)
    }

    private func readStandardInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
