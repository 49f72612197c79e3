import Labs
import RESP
import RedisClient

/// A lesson open in a session: which step the student is on, how many tries the step has
/// had, and the progress saved between runs. The session calls `attempted` after each line
/// of the student's that did something (a Redis command, `.lab`, `.answer`); the lesson's
/// dot-commands (`.hint`, `.next`, `.back`, `.reset`, `.where`) call the rest.
actor Tutor {
    /// Dot-commands that do the student's work (a lab, a tool, a mode): the step's checks run
    /// after them as after a Redis command. (`.source` is not one: each of its lines is.)
    static let checkedDotCommands: Set<String> =
        Set(["lab", "scan", "bigkeys", "memkeys", "hotkeys"] + LabCatalog.tools.map(\.labName))

    let lesson: Lesson
    private var progress: LessonProgress
    private let progressPath: String?
    private let output: OutputSink
    private let style: TextStyle
    /// Hints shown on this step: each failed try and each `.hint` shows one more, then the answer.
    private var level = 0
    /// The student's `.answer` to this step's question.
    private var answer: String?
    /// How many of the step's checks failed after the last try: a try that makes more of
    /// them hold is progress (the second command of a two-command task), not a failure.
    private var failingBefore = 0

    init(lesson: Lesson, progressPath: String?, output: OutputSink, style: TextStyle) {
        self.lesson = lesson
        self.progressPath = progressPath
        self.output = output
        self.style = style
        progress = progressPath.map(LessonProgress.load(from:)) ?? LessonProgress()
    }

    private var entry: LessonProgress.Entry {
        get { progress[lesson.name] }
        set { progress[lesson.name] = newValue }
    }

    var isDone: Bool { entry.done }

    /// `strings 3/8 `: where the student is, before the REPL's prompt.
    var promptTag: String { entry.done ? "\(lesson.name) done " : "\(lesson.name) \(entry.step + 1)/\(lesson.steps.count) " }

    private var step: Lesson.Step { lesson.steps[min(entry.step, lesson.steps.count - 1)] }

    /// The lesson's title and goals, then the step the student left off at.
    func begin(in session: Session) async {
        if entry.done { entry = LessonProgress.Entry() }
        output.write(LessonText.header(lesson, resumingAt: entry.step, style: style))
        await open(in: session)
    }

    // MARK: - The student's lines

    /// After a line that did something: the step's checks decide whether it is done.
    func attempted(in session: Session) async {
        guard !entry.done else { return }
        var failures: [String] = []
        let context = await session.checkContext(answer: answer)
        for check in step.checks {
            if let failure = await check.failure(in: context) { failures.append(failure) }
        }
        guard let failure = failures.first else {
            await pass(in: session, context: context)
            return
        }
        let progressed = failures.count < failingBefore
        failingBefore = failures.count
        if progressed {
            output.write(LessonText.closer(failure, holding: step.checks.count - failures.count, of: step.checks.count, style: style))
            return
        }
        level += 1
        output.write(LessonText.notYet(failure, help: help(report: context.labReport), style: style))
    }

    /// `.answer TEXT`: the student's answer to the step's question.
    func answered(_ text: String, in session: Session) async -> LineResult {
        guard !entry.done else { return LineResult(failure: .usage("the lesson is done: .reset starts it again")) }
        guard step.isQuestion else {
            return LineResult(failure: .usage("this step asks for a command, not an answer: \(step.task)"))
        }
        answer = text
        await attempted(in: session)
        return LineResult()
    }

    private func pass(in session: Session, context: CheckContext) async {
        for record in step.records {
            let observed = try? await LessonCheck(subject: record.subject, comparison: nil, text: record.name).observed(in: context)
            if let observed { entry.records[record.name] = observed.0 }
        }
        entry.passed.insert(entry.step)
        output.write(LessonText.passed(style: style))
        if entry.step + 1 < lesson.steps.count {
            entry.step += 1
            save()
            await open(in: session)
        } else {
            await finish(in: session)
        }
    }

    private func finish(in session: Session) async {
        entry.done = true
        save()
        var removed = 0
        if let client = await session.client { removed = (try? await LessonKeys.clear(under: lesson.prefix, client: client)) ?? 0 }
        let next = LessonCatalog.lessons.drop { $0.name != lesson.name }.dropFirst().first?.name
        output.write(LessonText.recap(lesson, entry: entry, removedKeys: removed, next: next, style: style))
    }

    // MARK: - Moving around

    func hint(in session: Session) async -> LineResult {
        guard !entry.done else { return LineResult(failure: .usage("the lesson is done: .reset starts it again")) }
        level += 1
        output.write(help(report: await session.lastLabReport) + "\n")
        return LineResult()
    }

    func move(by offset: Int, in session: Session) async -> LineResult {
        let target = entry.step + offset
        guard lesson.steps.indices.contains(target), !entry.done || offset < 0 else {
            return LineResult(failure: .usage(offset > 0 ? "this is the last step" : "this is the first step"))
        }
        entry.done = false
        entry.step = target
        save()
        await open(in: session)
        return LineResult()
    }

    /// `.reset`: the lesson from its first step, its keys removed, its progress forgotten.
    func reset(in session: Session) async -> LineResult {
        if let client = await session.client {
            do {
                try await LessonKeys.clear(under: lesson.prefix, client: client)
            } catch {
                return LineResult(failure: .connection("cannot remove the lesson's keys: \(error)"))
            }
        }
        entry = LessonProgress.Entry()
        save()
        output.line("(the lesson starts again; keys under \(lesson.prefix) removed)")
        await open(in: session)
        return LineResult()
    }

    func whereAmI() -> LineResult {
        output.write(LessonText.position(lesson, entry: entry, level: level, style: style))
        output.write(LessonText.step(step, number: entry.step, of: lesson, records: entry.records, style: style, setup: []))
        return LineResult()
    }

    // MARK: - Steps

    /// Shows the step and runs its setup commands (shown, their replies not).
    private func open(in session: Session) async {
        level = 0
        answer = nil
        failingBefore = step.checks.count
        await session.clearSentLog()
        var shown: [String] = []
        for line in step.setup {
            let problem = await session.runQuietly(line.bytes)
            shown.append(line.text + (problem.map { "   (failed: \($0))" } ?? ""))
        }
        output.write(LessonText.step(step, number: entry.step, of: lesson, records: entry.records, style: style, setup: shown))
    }

    /// The next hint, or the answer once the hints are used up.
    private func help(report: ReportValue?) -> String {
        if level <= step.hints.count, level > 0 { return LessonText.hint(step.hints[level - 1], number: level, style: style) }
        if level == 0 { return "" }
        return LessonText.answer(
            step.answers.map { step.typed(step.resolved($0, report: report)) }, setupAgain: entry.step > 0 && !step.setup.isEmpty,
            style: style)
    }

    private func save() {
        guard let progressPath else { return }
        do {
            try progress.save(to: progressPath)
        } catch {
            output.line("(progress not saved: \(error))")
        }
    }
}
