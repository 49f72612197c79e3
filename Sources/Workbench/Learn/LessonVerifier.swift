import Labs

/// The lesson's own test, as `scripts/test` and `rwb learn --verify` run it: each step's
/// setup, then its checks against nothing done (they must not all hold), then each `.wrong`
/// line (some check must refuse it, and every check must refuse at least one of them; the
/// keys and the session's state are put back after each), then the `.answer` lines (every
/// check must hold). A check that cannot fail is a defect this finds.
public struct LessonVerifier: Sendable {
    public struct Summary: Sendable {
        public var steps = 0
        public var checks = 0
        public var wrongAnswersRefused = 0
        public var problems: [String] = []
    }

    let session: Session

    public init(session: Session) {
        self.session = session
    }

    public func verify(_ lesson: Lesson) async -> Summary {
        var summary = Summary()
        await session.reconnect()
        guard let client = await session.client else {
            summary.problems.append("not connected")
            return summary
        }
        await session.keepSentLog()
        do {
            try await LessonKeys.clear(under: lesson.prefix, client: client)
            for (index, step) in lesson.steps.enumerated() {
                summary.steps += 1
                summary.checks += step.checks.count
                let at = "\(lesson.name) step \(index + 1) (\(step.title))"
                for line in step.setup {
                    if let problem = await session.runQuietly(line.bytes) {
                        summary.problems.append("\(at): setup \(line.text): \(problem)")
                    }
                }
                await session.clearSentLog()
                if await failing(step, answer: nil).isEmpty {
                    summary.problems.append("\(at): its checks hold before the student does anything")
                }
                let keys = try await LessonKeys.snapshot(under: lesson.prefix, client: client)
                let state = await session.studentState
                var refused = Set<Int>()
                for wrong in step.wrongs {
                    let answer = try await type(wrong, in: step, at: at)
                    let failed = await failing(step, answer: answer)
                    if failed.isEmpty { summary.problems.append("\(at): the wrong answer \(step.typed(wrong)) passes") }
                    if !failed.isEmpty { summary.wrongAnswersRefused += 1 }
                    refused.formUnion(failed)
                    try await LessonKeys.restore(keys, under: lesson.prefix, client: client)
                    await session.restore(state)
                }
                for (number, check) in step.checks.enumerated() where !refused.contains(number) {
                    summary.problems.append("\(at): .check \(check.text) refuses none of the step's .wrong lines")
                }
                var answer: String?
                for line in step.answers {
                    let report = await session.lastLabReport
                    answer = try await type(step.resolved(line, report: report), in: step, at: at)
                }
                let context = await session.checkContext(answer: answer)
                for check in step.checks {
                    if let failure = await check.failure(in: context) {
                        summary.problems.append("\(at): the answer does not pass .check \(check.text): \(failure)")
                    }
                }
            }
            try await LessonKeys.clear(under: lesson.prefix, client: client)
        } catch {
            summary.problems.append("\(lesson.name): \(error)")
        }
        return summary
    }

    /// Types one line as the student would; a question's answer is returned, not run.
    private func type(_ line: String, in step: Lesson.Step, at: String) async throws -> String? {
        if step.isQuestion { return line }
        let result = await session.run(line, at: SourceLocation(file: at, line: 0))
        if let failure = result.failure {
            if case .serverError = failure { return nil }
            throw LessonProblem("\(at): \(line): \(failure.message)")
        }
        return nil
    }

    /// The indices of the step's checks that do not hold now.
    private func failing(_ step: Lesson.Step, answer: String?) async -> Set<Int> {
        let context = await session.checkContext(answer: answer)
        var failed = Set<Int>()
        for (index, check) in step.checks.enumerated() where await check.failure(in: context) != nil { failed.insert(index) }
        return failed
    }
}
