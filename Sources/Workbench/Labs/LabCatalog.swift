import ArgumentParser
import Labs

/// Every lab the workbench offers, in the order `rwb lab` lists them.
public enum LabCatalog {
    public static let all: [LabEntry] = [
        .of(CacheAsideSpec.self), .of(ClientCacheSpec.self), .of(FailingFillsSpec.self), .of(HashProfilesSpec.self),
        .of(LeaderboardSpec.self), .of(LockSpec.self), .of(PubSubSpec.self), .of(QueueSpec.self), .of(RateLimitSpec.self),
        .of(RateLimitServeSpec.self), .of(RateLimitLoadSpec.self), .of(SessionsSpec.self), .of(SessionsEvictionSpec.self),
        .of(EvictionSpec.self), .of(FailoverSpec.self), .of(ServerlessSpec.self),
    ]

    /// Tools that share the labs' machinery but are subcommands of their own (`rwb analyze`).
    public static let tools: [LabEntry] = [.of(AnalyzeSpec.self), .top]

    public static func named(_ name: String) -> LabEntry? {
        all.first { $0.labName == name.lowercased() }
    }

    public static func tool(_ name: String) -> LabEntry? {
        tools.first { $0.labName == name }
    }

    /// The lab the first words name (`ratelimit serve` before `ratelimit`) and how many
    /// words its name took.
    public static func named(words: some Collection<String>) -> (entry: LabEntry, words: Int)? {
        let first = Array(words.prefix(2)).map { $0.lowercased() }
        if first.count == 2, let entry = named(first.joined(separator: " ")) { return (entry, 2) }
        return first.first.flatMap(named).map { ($0, 1) }
    }

    /// The labs that run over a REST endpoint (`--rest`, or `.lab` in a REST session).
    public static var restLabs: [String] { all.filter(\.runsOverREST).map(\.labName) }

    /// One line for a lab or tool (`analyze`, `top`) asked to run over REST that does not.
    public static func restRefusal(_ name: String) -> String {
        let what = tools.contains { $0.labName == name } ? name : "lab \(name)"
        return "\(what) does not run over a REST endpoint; the labs that do: \(restLabs.joined(separator: ", "))"
    }

    /// `rwb lab` and `.lab` with no name: one line per lab.
    public static var listing: String {
        let width = (all.map(\.labName.count).max() ?? 0) + 2
        var text = "Labs (rwb lab NAME [options], or .lab NAME in the REPL and scripts; NAME --help for its options):\n"
        for entry in all {
            text += "  " + entry.labName + String(repeating: " ", count: width - entry.labName.count) + entry.labSummary + "\n"
        }
        return text
    }

    /// "unknown lab 'x' (did you mean cache-aside?)".
    public static func unknown(_ name: String) -> String {
        let ranked = all.map { ($0.labName, EditDistance.between(name.lowercased(), $0.labName)) }.min { $0.1 < $1.1 }
        if let (best, distance) = ranked, distance <= max(3, name.count / 2) {
            return "unknown lab '\(name)' (did you mean \(best)?)"
        }
        return "unknown lab '\(name)' (rwb lab lists them: \(all.map(\.labName).joined(separator: ", ")))"
    }
}

/// A lab without its types: what the REPL and the list need to name and run it.
public struct LabEntry: Sendable {
    public let labName: String
    public let labSummary: String
    /// It may run over a REST endpoint (`LabNeeds.runsOverREST`).
    public let runsOverREST: Bool
    /// Parses the words with the lab's parser and runs it on the session.
    let run: @Sendable ([String], Session) async -> LineResult
    /// Why the words do not parse, for scripts checked before they run.
    let problem: @Sendable ([String]) -> String?
    /// `rwb lab NAME ARGS…` from the shell: runs it and returns the exit status.
    public let shell: @Sendable ([String]) async -> Int32
    /// What `rwb lab NAME --help` (`rwb NAME --help` for a tool) prints.
    public let shellHelp: @Sendable () -> String

    static func of<Spec: LabSpec>(_ spec: Spec.Type) -> LabEntry {
        LabEntry(
            labName: Spec.Runs.name, labSummary: Spec.Runs.summary, runsOverREST: Spec.Runs.needs.runsOverREST,
            run: { words, session in
                let plan: LabPlan<Spec.Runs>
                do {
                    plan = try LabDotCommand<Spec>.parse(words).arguments.plan()
                } catch {
                    let message = LabDotCommand<Spec>.fullMessage(for: error)
                    if LabDotCommand<Spec>.exitCode(for: error) == .success {
                        session.output.line(message)  // --help
                        return LineResult()
                    }
                    return LineResult(failure: .usage("\(LabDotCommand<Spec>.name): \(message)"))
                }
                return await LabRunner.run(Spec.self, plan, in: session)
            },
            problem: { words in
                do {
                    _ = try LabDotCommand<Spec>.parse(words).arguments.plan()
                    return nil
                } catch {
                    if LabDotCommand<Spec>.exitCode(for: error) == .success { return nil }
                    return "\(LabDotCommand<Spec>.name): \(LabDotCommand<Spec>.message(for: error))"
                }
            },
            shell: { words in await runFromShell(LabShellCommand<Spec>.self, words) },
            shellHelp: { LabShellCommand<Spec>.helpMessage() })
    }
}

extension LabEntry {
    /// A lab's or tool's shell command run to its exit status: its own ExitCode, 2 for bad
    /// usage (ArgumentParser's default is 64), 0 after `--help`.
    static func runFromShell<Command: AsyncParsableCommand>(_ type: Command.Type, _ words: [String]) async -> Int32 {
        do {
            var command = try Command.parse(words)
            try await command.run()
            return 0
        } catch {
            let message = Command.fullMessage(for: error)
            let code = Command.exitCode(for: error)
            if !message.isEmpty { FileDescriptorSink(descriptor: code == .success ? 1 : 2).line(message) }
            return code == .success ? 0 : (error is ExitCode ? code.rawValue : 2)
        }
    }
}

/// `.lab NAME [options]` (`.NAME` for a tool) in the REPL and scripts: the lab's parser,
/// under the name a user types there, so that `--help` shows the dot form.
struct LabDotCommand<Spec: LabSpec>: ParsableCommand {
    static var name: String { Spec.Runs.needs.kind == .tool ? ".\(Spec.Runs.name)" : ".lab \(Spec.Runs.name)" }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: name, abstract: Spec.Runs.summary, helpNames: [.long])
    }

    @OptionGroup var arguments: LabArguments<Spec>
}
