import ArgumentParser
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// `rwb`: a Redis command, the REPL, a script, or one of rwb's own subcommands. The
/// subcommands are swift-argument-parser's own; any first word that is not one of them is a
/// Redis command (`RedisCommandLine`, the default), so no subcommand name may be a Redis
/// command name (ARCHITECTURE.md §1): `rwb monitor` is MONITOR, exactly as with redis-cli.
@main
struct RWB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rwb",
        abstract: "Redis Workbench: a redis-cli-compatible client with labs and scripted demos.",
        usage: """
            rwb [options] [COMMAND [ARG ...]]     a Redis command, or the REPL without one
            rwb [options] run|bench|lab …         rwb's own subcommands
            """,
        discussion: """
            Any first word that is not one of rwb's subcommands is a Redis command:
              rwb GET foo          rwb -n 2 HGETALL user:1          rwb -3 HELLO
            Exit status: 0 for a reply, 1 for an error reply or a connection failure, 2 for bad usage.

            Installing: scripts/install [PREFIX] in the source tree puts rwb in PREFIX/bin \
            (default /usr/local) with its man page (man rwb) and completion for bash, zsh and \
            fish; rwb --generate-completion-script bash|zsh|fish prints a completion script.
            """,
        version: "rwb \(Version.current)",
        // Listed for help; `main` finds and runs them (see `LeadingOptions`).
        subcommands: [
            RedisCommandLine.self, RunCommand.self, BenchCommand.self, LabCommand.self, AnalyzeCommand.self, TopCommand.self,
            LearnCommand.self, KVCommand.self,
        ],
        defaultSubcommand: RedisCommandLine.self,
        helpNames: [.long]
    )

    /// Options that come before a Redis command (the default subcommand reads them here).
    @OptionGroup var options: ShellOptions

    /// rwb's subcommands by name.
    static let subcommandTypes: [String: AsyncParsableCommand.Type] = [
        "run": RunCommand.self, "bench": BenchCommand.self, "lab": LabCommand.self, "analyze": AnalyzeCommand.self, "top": TopCommand.self,
        "learn": LearnCommand.self, "kv": KVCommand.self,
    ]

    /// Their names alone, for the fast path: building `subcommandTypes` instantiates the
    /// parser's metadata, a measurable part of `rwb PING` (and so would a `Set<String>`: its
    /// conformance check scans the binary). Checked equal in the slow path.
    static let subcommandNames = ["run", "bench", "lab", "analyze", "top", "learn", "kv"]

    static func main() async {
        _ = ProcessEnvironment.standardDescriptorsClosedAtStart
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--rest") {
            arguments = RESTFlags.normalized(arguments, optionMayFollow: LeadingOptions.restMayFollow)
        }
        // (Only a line holding the word pays for parsing the root's options here.)
        if arguments.contains(where: { $0.lowercased() == "help" }), let topic = LeadingOptions.helpTopic(in: arguments) { showHelp(topic) }
        if let line = OneShotFastPath.parse(arguments, subcommands: subcommandNames) {
            if let warning = line.passwordWarning { FileDescriptorSink.standardError.line(warning) }
            let status = await OneShot.runCommandLine(
                line.words, request: line.request, mode: line.mode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal))
            Glibc.exit(status)
        }
        let names = Set(subcommandTypes.keys)
        assert(names == Set(subcommandNames), "subcommandNames must list every subcommand")
        do {
            // swift-argument-parser lets a parent command claim its options anywhere after a
            // subcommand's name (`rwb bench -n 5` would give -n to the root's database
            // flag), so the subcommand is found here, with the root's own option parser
            // telling where the options before it end, and then parsed on its own with
            // every word but its name.
            if let (name, rest) = LeadingOptions.subcommand(in: arguments, among: names),
                let type = subcommandTypes[name]
            {
                do {
                    var command = try type.parse(rest)
                    try await command.run()
                } catch {
                    let message = type.fullMessage(for: error)
                    let misplaced = LeadingOptions.misplacedRootOption(refusedIn: message, by: name).map { "Error: \($0)" }
                    exit(with: error, message: misplaced ?? qualified(message, name), code: type.exitCode(for: error))
                }
            } else {
                var command = try parseAsRoot(arguments)
                if var async = command as? AsyncParsableCommand {
                    try await async.run()
                } else {
                    try command.run()
                }
            }
        } catch {
            exit(with: error, message: fullMessage(for: error), code: exitCode(for: error))
        }
    }

    /// `rwb help`: this help; `rwb help top`: a subcommand's (as `rwb --help` promises);
    /// `rwb help GET`: a Redis command's, as redis-cli prints it, with no server needed.
    private static func showHelp(_ topic: [String]) -> Never {
        let output = FileDescriptorSink.standardOutput
        if topic.isEmpty {
            output.write(helpMessage() + "\n")
        } else if topic.count == 1, let tool = LabCatalog.tool(topic[0].lowercased()) {
            output.write(tool.shellHelp() + "\n")
        } else if topic.count == 1, let type = subcommandTypes[topic[0]] {
            output.write(qualified(type.helpMessage(), topic[0]) + "\n")
        } else {
            output.write(CommandTable.helpText(for: topic, color: output.isTerminal))
        }
        Glibc.exit(0)
    }

    private static func exit(with error: Error, message: String, code: ExitCode) -> Never {
        if !message.isEmpty { FileDescriptorSink(descriptor: code == .success ? 1 : 2).line(message) }
        ExitCleanup.run()
        // Usage errors exit with 2, as the README promises (ArgumentParser's default is 64).
        Glibc.exit(code == .success ? 0 : (error is ExitCode ? code.rawValue : 2))
    }

    /// A subcommand parsed on its own names itself `bench`; the user typed `rwb bench`.
    private static func qualified(_ message: String, _ name: String) -> String {
        message.replacingAll("Usage: \(name) ", with: "Usage: rwb \(name) ").replacingAll("USAGE: \(name) ", with: "USAGE: rwb \(name) ")
            .replacingAll("'\(name) --help'", with: "'rwb \(name) --help'")
    }
}

/// Where the options before the first word end, as the root's own parser sees them.
enum LeadingOptions {
    /// The root's options, then everything from the first word that is not one of them.
    private struct Probe: ParsableArguments {
        @OptionGroup var options: ShellOptions
        @Argument(parsing: .captureForPassthrough) var rest: [String] = []
    }

    /// The subcommand named by the first word after the root's options, and every other
    /// argument in order; nil when that word is not a subcommand (it is a Redis command).
    static func subcommand(in arguments: [String], among names: Set<String>) -> (String, [String])? {
        guard let probe = try? Probe.parse(arguments), let name = probe.rest.first, names.contains(name) else { return nil }
        let leading = arguments.count - probe.rest.count
        return (name, Array(arguments[..<leading]) + probe.rest.dropFirst())
    }

    /// For an option a subcommand refused: when it is one of rwb's own options (`rwb --yes run
    /// FILE`), why it does not apply there, instead of "unknown option" and a guess.
    static func misplacedRootOption(refusedIn message: String, by subcommand: String) -> String? {
        guard let start = message.range(of: "Unknown option '")?.upperBound, let end = message[start...].firstIndex(of: "'") else {
            return nil
        }
        let option = String(message[start..<end])
        guard isRootOption(option) else { return nil }
        return "\(option) is an option of rwb itself (for Redis commands and the REPL), which rwb \(subcommand) does not take; "
            + "rwb \(subcommand) --help lists its options"
    }

    /// One of `ShellOptions`: the root's parser takes it (with a value, if it wants one).
    static func isRootOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word != "--" else { return false }
        return (try? Probe.parse([word]))?.rest.isEmpty == true || (try? Probe.parse([word, "0"]))?.rest.isEmpty == true
    }

    /// True when `--rest` may come after `words`: they are the root's options, perhaps
    /// followed by `run` or `lab` and some of its words (whose options may stand anywhere).
    static func restMayFollow(_ words: [String]) -> Bool {
        guard let probe = try? Probe.parse(words) else { return false }
        return probe.rest.first.map { $0 == "run" || $0 == "lab" } ?? true
    }

    /// The words after `help` when it is the first word after the root's options
    /// (`rwb -p 6380 help top`); nil otherwise (`rwb SET help x` is a Redis command).
    static func helpTopic(in arguments: [String]) -> [String]? {
        guard let probe = try? Probe.parse(arguments), probe.rest.first?.lowercased() == "help" else { return nil }
        return Array(probe.rest.dropFirst())
    }
}
