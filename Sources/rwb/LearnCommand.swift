import ArgumentParser
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// `rwb learn [NAME]`: guided lessons that check what the student did.
struct LearnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Lessons: numbered steps, a task each, checked against what you did on the server.",
        discussion: """
            rwb learn lists the lessons and your progress; rwb learn NAME opens one in the REPL \
            (.hint, .next, .back, .reset, .where, .answer TEXT). Lessons use keys under rwb:NAME: \
            and start a throwaway server when none answers. A lesson fed from a pipe reads each \
            line as typed; the exit status is then 0 when the lesson was finished. \
            --verify runs the lessons' own test: each step's wrong answers must be refused and \
            its answers must pass.
            """,
        helpNames: [.long]
    )

    @OptionGroup var connectionFlags: ConnectionFlags
    @OptionGroup var databaseFlag: DatabaseFlag

    @Argument(help: "The lesson to open (rwb learn lists them); with --verify, 'all' or a lesson.")
    var name: String?

    @Option(name: .customLong("file"), help: "Open a lesson from a file (docs/lessons.md describes the format).")
    var file: String?

    @Flag(name: .customLong("local"), help: "Use a throwaway local redis-server, whatever else is running.")
    var local = false

    @Flag(name: .customLong("reset"), help: "Forget your progress (in NAME, or in every lesson), then exit.")
    var reset = false

    @Flag(name: .customLong("verify"), help: "Run the lesson's own test (NAME, all, or --file) and exit 0 when it passes.")
    var verify = false

    @Flag(name: .customLong("export"), help: "Print the lesson's file: a start for your own (open it with --file).")
    var export = false

    func validate() throws {
        if file != nil && name != nil { throw ValidationError("give a lesson NAME or --file PATH, not both") }
        if [reset, verify, export].filter({ $0 }).count > 1 { throw ValidationError("choose one of --reset, --verify, --export") }
        if export && name == nil { throw ValidationError("--export needs a lesson NAME") }
        if let name, name != "all" || !verify, LessonCatalog.named(name) == nil {
            throw ValidationError("no lesson '\(name)': one of \(LessonCatalog.lessons.map(\.name).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let environment = ProcessEnvironment.variables
        let progressPath = LessonProgress.path(environment: environment)
        let out = FileDescriptorSink.standardOutput
        if export, let name, let text = LessonCatalog.text(of: name) {
            out.write(text.hasSuffix("\n") ? text : text + "\n")
            return
        }
        if reset { throw ExitCode(Self.forget(name ?? file.flatMap { try? LearnShell.load(file: $0).get().name }, at: progressPath)) }
        var lessons: [Lesson]
        if let file {
            switch LearnShell.load(file: file) {
            case .success(let lesson): lessons = [lesson]
            case .failure(let problem):
                FileDescriptorSink.standardError.line(problem.description)
                throw ExitCode(2)
            }
        } else if let name, name != "all" {
            lessons = LessonCatalog.named(name).map { [$0] } ?? []
        } else if verify {
            lessons = LessonCatalog.lessons
        } else {
            out.write(LearnShell.listing(progressPath: progressPath))
            throw ExitCode(LessonCatalog.problems.isEmpty ? 0 : 1)
        }
        throw ExitCode(await open(lessons, progressPath: progressPath))
    }

    /// Connects (a throwaway server when none answers, a throwaway cluster for a cluster
    /// lesson) and opens or verifies the lessons.
    private func open(_ lessons: [Lesson], progressPath: String?) async -> Int32 {
        let connection = ConnectionFlags.WithDatabase(flags: connectionFlags, database: databaseFlag)
        if let warning = connection.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        ExitCleanup.installSignalHandlers([SIGTERM, SIGHUP])
        var status: Int32 = 0
        // A cluster lesson gets a throwaway cluster of its own; the others share one server.
        for group in [lessons.filter { !$0.needsCluster }, lessons.filter(\.needsCluster)] where !group.isEmpty {
            var settings = Session.Settings(
                mode: verify ? .raw : OutputFlags.defaultMode(stdoutIsTerminal: FileDescriptorSink.standardOutput.isTerminal))
            settings.interactive = !verify && isatty(0) == 1
            settings.confirmDangerous = settings.interactive
            let session: Session
            do {
                session = try await SessionLauncher.open(
                    request: connection.request, environment: ProcessEnvironment.variables, local: local,
                    localCluster: group[0].needsCluster, settings: settings,
                    output: verify ? NullSink() : FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
            } catch {
                FileDescriptorSink.standardError.line("rwb: \(error)")
                return 1
            }
            if verify {
                status = max(status, await LearnShell.verify(group, in: session, output: FileDescriptorSink.standardOutput))
            } else {
                let history = HistoryFile(environment: ProcessEnvironment.variables)
                status = await LearnShell.open(group[0], in: session, progressPath: progressPath, history: history)
            }
            await session.shutdown()
        }
        ExitCleanup.run()
        return status
    }

    private static func forget(_ name: String?, at path: String?) -> Int32 {
        guard let path else {
            FileDescriptorSink.standardError.line("rwb: no progress file (HOME is not set)")
            return 1
        }
        var progress = LessonProgress.load(from: path)
        if let name { progress.lessons[name] = nil } else { progress = LessonProgress() }
        do {
            try progress.save(to: path)
        } catch {
            FileDescriptorSink.standardError.line("rwb: \(error)")
            return 1
        }
        FileDescriptorSink.standardOutput.line("forgot your progress in \(name ?? "every lesson") (\(path))")
        return 0
    }
}
