import RESP
import RedisCommands

/// Reads a lesson from its text: the batch language's lines (comments, `\` continuations)
/// with the lesson's own dot-commands. Every problem is found here, with its line, before a
/// student sees the lesson. The format is documented in docs/lessons.md.
enum LessonParser {
    static func parse(_ text: String, file: String) -> Result<Lesson, LessonProblem> {
        var lesson = Lesson(name: "", title: "", summary: "", goals: [], steps: [], recap: [], needsCluster: false)
        var problems: [String] = []
        var step: Lesson.Step?
        func finish() {
            guard let current = step else { return }
            problems += stepProblems(current, prefix: lesson.prefix)
            lesson.steps.append(current)
            step = nil
        }
        for line in ScriptLines.split(Array(text.utf8), file: file) {
            let location = line.location
            func problem(_ message: String) { problems.append("\(location): \(message)") }
            let trimmed = line.text.trimmingCharacters(in: " \t")
            guard let name = ScriptLines.dotName(trimmed) else {
                // A Redis command: the data a step's task works on, run when the step opens.
                guard step != nil, step?.task.isEmpty == true else {
                    problem(
                        step == nil ? "a command before the first .step" : "a command after .task: the student's command goes in .answer")
                    continue
                }
                if let issue = ScriptLines.parseProblem(line) { problem(issue) }
                step?.setup.append(line)
                continue
            }
            let rest = String(trimmed.drop { $0 != " " && $0 != "\t" }).trimmingCharacters(in: " \t")
            // Prose (`.say`, `.task`, …) and the student's lines are taken as written; the
            // lines with arguments are split as the REPL splits a command.
            var words: [String] = []
            if Self.takesWords.contains(name) {
                do {
                    words = try CommandLineSplitter.split(rest).map { String(decoding: $0, as: UTF8.self) }
                } catch {
                    problem("\(error)")
                    continue
                }
            }
            switch name {
            case "lesson":
                words = rest.split(separator: " ", maxSplits: 1).map(String.init)
                // NAME, then the title as written (it may hold an apostrophe).
                let title = String(rest.drop { $0 != " " && $0 != "\t" }).trimmingCharacters(in: " \t")
                guard let first = words.first, !title.isEmpty, lesson.name.isEmpty else {
                    problem(lesson.name.isEmpty ? "usage: .lesson NAME TITLE" : "a second .lesson")
                    continue
                }
                guard isValidName(first) else {
                    problem("lesson name '\(first)': lowercase letters, digits and '-', not 'lab'")
                    continue
                }
                lesson.name = first
                lesson.title = String(title)
            case "summary": lesson.summary = rest
            case "goal": lesson.goals.append(rest)
            case "recap": lesson.recap.append(rest)
            case "needs":
                guard words == ["cluster"] else {
                    problem(".needs cluster is the only need")
                    continue
                }
                lesson.needsCluster = true
            case "step":
                finish()
                if rest.isEmpty { problem("usage: .step TITLE") }
                step = Lesson.Step(
                    title: rest, location: location, text: [], setup: [], task: "", checks: [], hints: [], answers: [], wrongs: [],
                    records: [])
            default:
                guard step != nil else {
                    problem(".\(name) before the first .step")
                    continue
                }
                if let issue = addToStep(name, rest: rest, words: words, step: &step) { problem(issue) }
            }
        }
        finish()
        if lesson.name.isEmpty { problems.append("\(file): no .lesson NAME TITLE line") }
        if lesson.steps.isEmpty { problems.append("\(file): no .step") }
        if lesson.goals.isEmpty { problems.append("\(file): no .goal: say what the student will learn") }
        if lesson.recap.isEmpty { problems.append("\(file): no .recap: end with what the student measured") }
        let recorded = Set(lesson.steps.flatMap { $0.records.map(\.name) })
        for paragraph in lesson.recap + lesson.steps.flatMap(\.text) {
            for name in placeholders(in: paragraph) where !recorded.contains(name) {
                problems.append("\(file): {\(name)} is used but no .record keeps it")
            }
        }
        return problems.isEmpty ? .success(lesson) : .failure(LessonProblem(problems.joined(separator: "\n")))
    }

    /// A step-level line; returns its problem.
    private static func addToStep(_ name: String, rest: String, words: [String], step: inout Lesson.Step?) -> String? {
        guard var current = step else { return nil }
        defer { step = current }
        switch name {
        case "say":
            // Consecutive lines make a paragraph; an empty `.say` starts the next one.
            if rest.isEmpty {
                current.text.append("")
            } else if let last = current.text.last, !last.isEmpty {
                current.text[current.text.count - 1] = last + " " + rest
            } else {
                if current.text.last == "" { current.text.removeLast() }
                current.text.append(rest)
            }
        case "task": current.task = current.task.isEmpty ? rest : current.task + " " + rest
        case "check":
            switch LessonCheck.parse(words) {
            case .success(let check): current.checks.append(check)
            case .failure(let problem): return problem.description
            }
        case "hint":
            guard current.hints.count < 2 else { return "two hints at most: the third try shows the answer" }
            current.hints.append(rest)
        case "answer": current.answers.append(rest)
        case "wrong": current.wrongs.append(rest)
        case "record":
            guard words.count >= 2 else { return "usage: .record NAME reply|answer|lab.PATH|key KEY FACET" }
            guard words[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                return "record name '\(words[0])': letters, digits, _"
            }
            let subjectWords = Array(words.dropFirst())
            guard case .success(let check) = LessonCheck.parse(subjectWords + ["==", "0"]), check.comparison != nil,
                check.subject != .replyError, check.subject != .replyType
            else { return ".record \(words[0]): \(subjectWords.joined(separator: " ")) is not reply, answer, lab.PATH or key KEY FACET" }
            current.records.append(Lesson.Record(name: words[0], subject: check.subject))
        default:
            return
                ".\(name) is not a lesson line (.lesson .summary .goal .needs .step .say .task .check .hint .answer .wrong .record .recap)"
        }
        return nil
    }

    /// What is wrong with a finished step: every step is a task the student can pass, with
    /// its checks, hints, answer and a wrong answer for the lesson's own test.
    private static func stepProblems(_ step: Lesson.Step, prefix: String) -> [String] {
        let at = "\(step.location) (.step \(step.title))"
        var problems: [String] = []
        if step.task.isEmpty { problems.append("\(at): no .task") }
        if step.checks.isEmpty { problems.append("\(at): no .check") }
        if step.hints.isEmpty { problems.append("\(at): no .hint") }
        if step.answers.isEmpty { problems.append("\(at): no .answer") }
        if step.wrongs.isEmpty { problems.append("\(at): no .wrong: the lesson's test feeds it and expects the checks to refuse it") }
        if step.isQuestion && step.checks.contains(where: { $0.subject != .answer }) {
            problems.append("\(at): a question's checks look at the answer only")
        }
        for check in step.checks {
            if let key = check.key, !key.hasPrefix(prefix) { problems.append("\(at): key \(key) is not under \(prefix)") }
        }
        var lines = step.setup.map(\.text)
        if !step.isQuestion { lines += step.answers + step.wrongs }
        for line in lines {
            if let problem = lineProblem(line, prefix: prefix) { problems.append("\(at): \(line): \(problem)") }
        }
        return problems
    }

    /// A line the lesson runs or the student types: it parses, and writes only under the
    /// lesson's prefix.
    private static func lineProblem(_ line: String, prefix: String) -> String? {
        if ScriptLines.dotName(line) != nil { return DotCommand.problem(in: line) }
        let words: [[UInt8]]
        do {
            words = try CommandLineSplitter.split(bytes: Array(line.utf8))
        } catch {
            return "\(error)"
        }
        guard !words.isEmpty else { return "empty" }
        for key in CommandKeys.keys(in: RedisCommand(bytes: words)) where !key.starts(with: Array(prefix.utf8)) {
            return "key \(String(decoding: key, as: UTF8.self)) is not under \(prefix)"
        }
        return nil
    }

    /// The lesson lines whose text is arguments rather than prose or a line to type.
    private static let takesWords: Set<String> = ["needs", "check", "record"]

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name != "lab" && name.count <= 40
            && name.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" }
    }

    /// The `{NAME}` placeholders in a paragraph.
    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            // `${id}` is JavaScript in a lesson's text, not a placeholder.
            let isJavaScript = open > rest.startIndex && rest[rest.index(before: open)] == "$"
            if !isJavaScript, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { names.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }
}
