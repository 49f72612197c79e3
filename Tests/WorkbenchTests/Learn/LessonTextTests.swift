import Testing

@testable import Workbench

/// How a lesson reads: wrapped to the width, and the recap built from the student's numbers.
struct LessonTextTests {
    private let style = TextStyle(width: 40, unicode: false)

    @Test func textIsWrappedAtTheWidthWithItsIndent() {
        let text = LessonText.wrap(String(repeating: "word ", count: 20), style: style, indent: "  Task: ", hanging: "        ")
        let lines = text.split(separator: "\n")
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines[0].hasPrefix("  Task: word"))
        #expect(lines[1].hasPrefix("        word"))
    }

    @Test func theRecapSaysTheStudentsNumbersAndWhatWasSkipped() throws {
        let lesson = try LessonParser.parse(LessonParserTests.good, file: "t.lesson").get()
        var entry = LessonProgress.Entry()
        entry.passed = [0]
        entry.records = ["seen": "7"]
        let recap = LessonText.recap(lesson, entry: entry, removedKeys: 2, next: "hashes", style: style)
        #expect(recap.contains("You stored 7."))
        #expect(recap.contains("Steps done: 1 of 1."))
        #expect(recap.contains("Removed the lesson's 2 keys under rwb:demo:"))
        #expect(recap.contains("Next: rwb learn hashes"))
        entry.records = ["seen": "12"]
        entry.passed = []
        let other = LessonText.recap(lesson, entry: entry, removedKeys: 1, next: nil, style: style)
        #expect(other.contains("You stored 12.") && !other.contains("You stored 7."))
        #expect(other.contains("(1 skipped with .next"))
        #expect(other.contains("1 key under") && !other.contains("Next:"))
        let skipped = LessonText.filled("You stored {seen}.", records: [:])
        #expect(skipped == "You stored (not measured: that step was skipped).")
    }

    @Test func aQuestionSaysHowToAnswerAndTheAnswerShowsTheTypedLine() throws {
        let lesson = try LessonParser.parse(
            LessonParserTests.good.replacingAll(".check key rwb:demo:k value == 1", with: ".check answer == 1"), file: "t.lesson"
        ).get()
        let shown = LessonText.step(lesson.steps[0], number: 0, of: lesson, records: [:], style: style, setup: ["SET rwb:demo:setup 1"])
        #expect(shown.contains("Step 1 of 1: Store it"))
        #expect(shown.contains("(answer with .answer TEXT)"))
        #expect(shown.contains("The lesson ran:\n    SET rwb:demo:setup 1"))
        #expect(LessonText.answer([lesson.steps[0].typed("1")], style: style) == "  The answer:\n    .answer 1")
    }
}
