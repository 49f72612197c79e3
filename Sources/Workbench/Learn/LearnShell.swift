#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `rwb learn`: the list of lessons with the student's progress, a lesson opened in the
/// REPL (or fed from a pipe, line by line, as a student would type), `--verify` (the
/// lessons' own test), `--export` and `--reset`.
public enum LearnShell {
    /// `rwb learn`: every lesson, its summary and how far the student got.
    public static func listing(progressPath: String?) -> String {
        let progress = progressPath.map(LessonProgress.load(from:)) ?? LessonProgress()
        let nameWidth = LessonCatalog.lessons.map(\.name.count).max() ?? 0
        var text = "Lessons (rwb learn NAME opens one; progress is kept in \(progressPath ?? "no file: HOME is not set")):\n\n"
        for (index, lesson) in LessonCatalog.lessons.enumerated() {
            let name = lesson.name + String(repeating: " ", count: nameWidth - lesson.name.count)
            text += "  \(index + 1). \(name)  \(lesson.title)  [\(progress.status(of: lesson))]\n"
            text += "     \(String(repeating: " ", count: nameWidth))  \(lesson.summary)\n"
        }
        for problem in LessonCatalog.problems { text += "\n(a built-in lesson does not parse: \(problem))\n" }
        return text
    }

    /// A lesson from a teacher's file.
    public static func load(file path: String) -> Result<Lesson, LessonProblem> {
        guard let bytes = POSIX.readFile(path, limit: 4 << 20) else {
            return .failure(LessonProblem("cannot read \(path): \(POSIX.errorText())"))
        }
        return LessonParser.parse(String(decoding: bytes, as: UTF8.self), file: path)
    }

    /// Opens `lesson` in `session`: the REPL on a terminal; from a pipe, each line as the
    /// student's input, echoed after a prompt, and 0 only when the lesson was finished.
    public static func open(_ lesson: Lesson, in session: Session, progressPath: String?, history: HistoryFile) async -> Int32 {
        let output = FileDescriptorSink.standardOutput
        let style = TextStyle.detect(descriptor: 1, environment: ProcessEnvironment.variables)
        let tutor = Tutor(lesson: lesson, progressPath: progressPath, output: output, style: style)
        await session.startLesson(tutor)
        if isatty(0) == 1 {
            // As `rwb` with no command runs it: readline blocks this thread. Leaving mid-lesson
            // is no failure at a terminal.
            return Repl(session: session, history: history).run()
        } else {
            guard let bytes = POSIX.readAll(descriptor: 0, limit: 4 << 20) else {
                FileDescriptorSink.standardError.line("rwb: cannot read standard input: \(POSIX.errorText())")
                return 2
            }
            for line in ScriptLines.split(bytes, file: "<stdin>") {
                if Task.isCancelled { break }
                output.line("\(await session.prompt())\(line.text)")
                let result = await session.run(bytes: line.bytes, at: line.location)
                if let failure = result.failure, !(failure.isServerError) {
                    FileDescriptorSink.standardError.line("(error) \(failure.message)")
                }
                if result.quit { break }
            }
        }
        return await tutor.isDone ? 0 : 1
    }

    /// `rwb learn --verify`: the lessons' own test, one line per lesson. Returns 0 when
    /// every lesson passed.
    public static func verify(_ lessons: [Lesson], in session: Session, output: OutputSink) async -> Int32 {
        var failed = false
        for lesson in lessons {
            if Task.isCancelled { return 130 }
            let summary = await LessonVerifier(session: session).verify(lesson)
            let verdict = summary.problems.isEmpty ? "ok" : "FAILED"
            output.line(
                "\(lesson.name): \(verdict): \(summary.steps) steps, \(summary.checks) checks, \(summary.wrongAnswersRefused) wrong answers refused"
            )
            for problem in summary.problems { output.line("  \(problem)") }
            failed = failed || !summary.problems.isEmpty
        }
        return failed ? 1 : 0
    }
}
