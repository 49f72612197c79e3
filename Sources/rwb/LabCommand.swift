import ArgumentParser
import Workbench

/// `rwb lab`: the list of labs; `rwb lab NAME [options]` runs one (its options are the lab's
/// own parser, the one `.lab NAME` uses in the REPL and in scripts).
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run a lab: a caching pattern measured against a real server (rwb lab lists them).",
        discussion: LabCatalog.listing,
        helpNames: [.long]
    )

    /// Connection flags may come before the lab's name (`rwb lab -p 6380 cache-aside`).
    private struct Probe: ParsableArguments {
        @OptionGroup var connection: ConnectionFlags
        @OptionGroup var database: DatabaseFlag
        @OptionGroup var cluster: ClusterFlags
        @OptionGroup var restFlags: RESTFlags
        @Option(name: .customLong("prefix")) var prefix: String?
        @OptionGroup var common: LabCommonOptions
        @Argument(parsing: .captureForPassthrough) var rest: [String] = []
    }

    @Argument(parsing: .captureForPassthrough, help: "The lab's name and options (rwb lab NAME --help).")
    var words: [String] = []

    func run() async throws {
        let rest = (try? Probe.parse(words))?.rest ?? words
        guard let name = rest.first else {
            FileDescriptorSink.standardOutput.write(LabCatalog.listing)
            return
        }
        if name == "--help" { throw CleanExit.helpRequest(LabCommand.self) }
        if LeadingOptions.isRootOption(name) {
            FileDescriptorSink.standardError.line(
                "rwb: \(name) is an option of rwb itself (for Redis commands and the REPL), which rwb lab does not take; rwb lab NAME --help lists a lab's options"
            )
            throw ExitCode(2)
        }
        guard let (entry, used) = LabCatalog.named(words: rest) else {
            FileDescriptorSink.standardError.line("rwb: \(LabCatalog.unknown(name))")
            throw ExitCode(2)
        }
        // Every word but the name, in order: the options before it belong to the lab too.
        let leading = words.count - rest.count
        throw ExitCode(await entry.shell(Array(words[..<leading]) + rest.dropFirst(used)))
    }
}
