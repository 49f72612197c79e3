import Labs

/// A lesson: goals, then numbered steps, each some text, a task and the checks that decide
/// the task is done, then a recap built from what the student measured. Lessons are plain
/// text in the batch language (`LessonParser`); the built-in ones ship in the binary
/// (`LessonCatalog`), a teacher's own come from `rwb learn --file PATH`.
public struct Lesson: Sendable {
    public var name: String
    public var title: String
    public var summary: String
    public var goals: [String]
    public var steps: [Step]
    /// Paragraphs shown when the last step is done; `{NAME}` is a value `.record` kept.
    public var recap: [String]
    /// Started on a throwaway cluster rather than one server (`.needs cluster`).
    public var needsCluster: Bool

    /// Every key the lesson and its student write lives under this prefix, which `.reset`
    /// and the end of the lesson clear. Inside the workbench's `rwb:` space, as the tour's.
    public var prefix: String { "rwb:\(name):" }

    public struct Step: Sendable {
        public var title: String
        var location: SourceLocation
        /// Paragraphs of `.say` text.
        var text: [String]
        /// Redis commands run (and shown) when the step opens: the data the task works on.
        var setup: [ScriptLines.Line]
        var task: String
        var checks: [LessonCheck]
        var hints: [String]
        /// What the student types to pass: Redis commands or dot-commands, or for a
        /// question the answer itself (typed as `.answer TEXT`).
        var answers: [String]
        /// Inputs the checks must refuse: the lesson's own test feeds each one.
        var wrongs: [String]
        /// Values kept when the step passes, for later text and the recap.
        var records: [Record]

        /// A question is answered with `.answer TEXT` instead of a command.
        var isQuestion: Bool { checks.contains { $0.subject == .answer } }

        /// What the student types for one of `answers` (or `wrongs`).
        func typed(_ answer: String) -> String { isQuestion ? ".answer \(answer)" : answer }

        /// A question's answer written as `lab.PATH` is the student's own figure: read from
        /// the last report (left as written when there is none).
        func resolved(_ answer: String, report: ReportValue?) -> String {
            guard isQuestion, answer.hasPrefix("lab."), let report,
                let value = try? ReportPath(String(answer.dropFirst(4))).resolve(in: report)
            else { return answer }
            return value.text
        }
    }

    /// `.record NAME SUBJECT`: what the subject showed when the step passed.
    struct Record: Sendable {
        var name: String
        var subject: LessonCheck.Subject
    }
}
