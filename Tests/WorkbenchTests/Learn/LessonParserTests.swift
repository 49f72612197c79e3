import Testing

@testable import Workbench

/// The lesson format's rules, found before a student sees a lesson.
struct LessonParserTests {
    /// A lesson that passes every rule; tests break one thing at a time.
    static let good = """
        .lesson demo A demo lesson
        .summary One step.
        .goal Store a value
        .step Store it
        .say Some text,
        .say on one paragraph.
        .say
        .say Another paragraph, with {seen}.
        SET rwb:demo:setup 1
        .task Store 1 at rwb:demo:k.
        .check key rwb:demo:k value == 1
        .hint SET KEY VALUE
        .hint SET rwb:demo:k 1
        .answer SET rwb:demo:k 1
        .wrong SET rwb:demo:k 2
        .record seen key rwb:demo:k value
        .recap You stored {seen}.
        """

    private func problems(_ text: String) -> String {
        switch LessonParser.parse(text, file: "t.lesson") {
        case .success: return ""
        case .failure(let problem): return problem.description
        }
    }

    @Test func aGoodLessonParses() throws {
        let lesson = try LessonParser.parse(Self.good, file: "t.lesson").get()
        #expect(lesson.name == "demo")
        #expect(lesson.prefix == "rwb:demo:")
        #expect(lesson.steps.count == 1)
        let step = lesson.steps[0]
        #expect(step.text == ["Some text, on one paragraph.", "Another paragraph, with {seen}."])
        #expect(step.setup.map(\.text) == ["SET rwb:demo:setup 1"])
        #expect(step.checks.map(\.subject) == [.key("rwb:demo:k", .value)])
        #expect(step.hints.count == 2 && step.answers == ["SET rwb:demo:k 1"] && step.wrongs == ["SET rwb:demo:k 2"])
        #expect(!step.isQuestion)
    }

    @Test func everyBuiltInLessonParses() {
        #expect(LessonCatalog.problems.isEmpty, "\(LessonCatalog.problems)")
        #expect(LessonCatalog.lessons.count == LessonCatalog.texts.count)
        #expect(Set(LessonCatalog.lessons.map(\.name)).count == LessonCatalog.lessons.count)
        #expect(LessonCatalog.lessons.contains { $0.needsCluster })
    }

    @Test func aStepWithoutWrongAnswerHintOrCheckIsRefusedWithItsLine() {
        let noWrong = problems(Self.good.replacingAll(".wrong SET rwb:demo:k 2\n", with: ""))
        #expect(noWrong.contains("t.lesson:4 (.step Store it): no .wrong"), "\(noWrong)")
        let noHint = problems(Self.good.replacingAll(".hint SET KEY VALUE\n", with: "").replacingAll(".hint SET rwb:demo:k 1\n", with: ""))
        #expect(noHint.contains("no .hint"))
        let noCheck = problems(Self.good.replacingAll(".check key rwb:demo:k value == 1\n", with: ""))
        #expect(noCheck.contains("no .check"))
        let third = problems(Self.good.replacingAll(".hint SET rwb:demo:k 1\n", with: ".hint SET rwb:demo:k 1\n.hint again\n"))
        #expect(third.contains("t.lesson:14: two hints at most"), "\(third)")
    }

    @Test func keysOutsideTheLessonsPrefixAreRefused() {
        let answer = problems(Self.good.replacingAll(".answer SET rwb:demo:k 1", with: ".answer SET user:1 1"))
        #expect(answer.contains("key user:1 is not under rwb:demo:"), "\(answer)")
        let check = problems(Self.good.replacingAll(".check key rwb:demo:k", with: ".check key other:k"))
        #expect(check.contains("key other:k is not under rwb:demo:"))
        let setup = problems(Self.good.replacingAll("SET rwb:demo:setup 1", with: "FLUSHALL"))
        #expect(setup.isEmpty, "FLUSHALL has no key, so the prefix rule cannot see it: \(setup)")
    }

    @Test func malformedLinesAreRefusedWithTheirLine() {
        #expect(problems(Self.good + "\n.check key rwb:demo:k colour == red").contains("'colour' is not one of"))
        #expect(problems(Self.good + "\n.check reply >= many").contains("compares numbers"))
        #expect(problems(Self.good + "\n.check lab.x[ == 1").contains("unclosed '['"))
        #expect(problems(Self.good + "\n.frobnicate").contains("t.lesson:18: .frobnicate is not a lesson line"))
        #expect(problems(".step too early\n" + Self.good).contains("a second .lesson") == false)
        #expect(problems(Self.good.replacingAll(".lesson demo", with: ".lesson Demo")).contains("lowercase"))
        #expect(problems(Self.good.replacingAll(".lesson demo", with: ".lesson lab")).contains("not 'lab'"))
        #expect(
            problems(Self.good.replacingAll("You stored {seen}.", with: "You stored {unseen}.")).contains(
                "{unseen} is used but no .record keeps it"))
        #expect(problems(Self.good + "\nGET rwb:demo:k").contains("a command after .task"))
    }

    @Test func aQuestionChecksOnlyTheAnswerAndIsTypedAsDotAnswer() throws {
        let text = Self.good.replacingAll(".check key rwb:demo:k value == 1", with: ".check answer == 1")
        let lesson = try LessonParser.parse(text, file: "t.lesson").get()
        #expect(lesson.steps[0].isQuestion)
        #expect(lesson.steps[0].typed("1") == ".answer 1")
        let mixed = problems(text.replacingAll(".check answer == 1", with: ".check answer == 1\n.check reply == 1"))
        #expect(mixed.contains("a question's checks look at the answer only"))
    }

    @Test func javaScriptTemplatesAreNotPlaceholders() {
        #expect(LessonParser.placeholders(in: "get(`product:${id}`) and {hits}, {user:1}") == ["hits"])
    }
}
