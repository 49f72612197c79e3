/// How a lesson reads on the screen: pure functions of the lesson, the student's progress
/// and the terminal's width, so tests read them without a server.
enum LessonText {
    static func header(_ lesson: Lesson, resumingAt step: Int, style: TextStyle) -> String {
        var text = rule("Lesson: \(lesson.title)", style: style)
        text += wrap(lesson.summary, style: style, indent: "  ")
        text += "\n  You will:\n"
        for goal in lesson.goals { text += wrap(goal, style: style, indent: "    \(style.unicode ? "•" : "-") ", hanging: "      ") }
        text += "\n  Keys of this lesson start with \(lesson.prefix) (.reset clears them).\n"
        text += "  .hint for help, .next / .back to move, .where to see the task again, .answer TEXT for a question.\n"
        if step > 0 { text += "\n  (resuming at step \(step + 1) of \(lesson.steps.count))\n" }
        return text
    }

    static func step(
        _ step: Lesson.Step, number: Int, of lesson: Lesson, records: [String: String], style: TextStyle, setup: [String]
    ) -> String {
        var text = "\n" + rule("Step \(number + 1) of \(lesson.steps.count): \(step.title)", style: style)
        for paragraph in step.text where !paragraph.isEmpty {
            text += wrap(filled(paragraph, records: records), style: style, indent: "  ") + "\n"
        }
        if !setup.isEmpty {
            text += "  The lesson ran:\n"
            for line in setup { text += "    \(line)\n" }
            text += "\n"
        }
        text += wrap(filled(step.task, records: records), style: style, indent: "  Task: ", hanging: "        ")
        if step.isQuestion { text += "  (answer with .answer TEXT)\n" }
        return text
    }

    static func passed(style: TextStyle) -> String {
        (style.unicode ? "  ✓ " : "  [ok] ") + "Done.\n"
    }

    static func notYet(_ failure: String, help: String, style: TextStyle) -> String {
        var text = wrap("Not yet: \(failure)", style: style, indent: style.unicode ? "  ✗ " : "  [x] ", hanging: "    ")
        if !help.isEmpty { text += help + "\n" }
        return text
    }

    /// A try that made more checks hold: no hint spent, the next thing still missing.
    static func closer(_ failure: String, holding: Int, of total: Int, style: TextStyle) -> String {
        wrap("Closer (\(holding) of \(total) checks hold). Still: \(failure)", style: style, indent: "  … ", hanging: "    ")
    }

    static func hint(_ hint: String, number: Int, style: TextStyle) -> String {
        String(wrap(hint, style: style, indent: "  Hint \(number): ", hanging: "          ").dropLast())
    }

    /// The answer, after the hints; `setupAgain` says how to get the step's data back when
    /// a wrong try changed it (a step with setup, after the first).
    static func answer(_ lines: [String], setupAgain: Bool = false, style: TextStyle) -> String {
        "  The answer:\n" + lines.map { "    \($0)" }.joined(separator: "\n")
            + (setupAgain ? "\n  (If a try changed the step's keys, .back then .next runs its setup again.)" : "")
    }

    static func position(_ lesson: Lesson, entry: LessonProgress.Entry, level: Int, style: TextStyle) -> String {
        let done = entry.passed.count
        return "  Lesson \(lesson.name): step \(min(entry.step, lesson.steps.count - 1) + 1) of \(lesson.steps.count), \(done) done"
            + (level > 0 ? ", \(level) hint\(level == 1 ? "" : "s") shown on this one" : "") + ".\n"
    }

    static func recap(_ lesson: Lesson, entry: LessonProgress.Entry, removedKeys: Int, next: String?, style: TextStyle) -> String {
        var text = "\n" + rule("Recap: \(lesson.title)", style: style)
        for paragraph in lesson.recap { text += wrap(filled(paragraph, records: entry.records), style: style, indent: "  ") }
        let skipped = lesson.steps.count - entry.passed.count
        text += "\n  Steps done: \(entry.passed.count) of \(lesson.steps.count)"
        text += skipped > 0 ? " (\(skipped) skipped with .next: .back returns to them).\n" : ".\n"
        text += "  Removed the lesson's \(removedKeys) key\(removedKeys == 1 ? "" : "s") under \(lesson.prefix).\n"
        if let next { text += "  Next: rwb learn \(next)\n" }
        return text
    }

    /// `{NAME}` replaced by the value the student's own run recorded.
    static func filled(_ text: String, records: [String: String]) -> String {
        var result = text
        for name in LessonParser.placeholders(in: text) {
            result = result.replacingAll("{\(name)}", with: records[name] ?? "(not measured: that step was skipped)")
        }
        return result
    }

    /// A title line: `── Step 2 of 6: Count visits ───` on a terminal, `== … ==` elsewhere.
    static func rule(_ title: String, style: TextStyle) -> String {
        let width = min(style.width, 100)
        let lead = style.unicode ? "── " : "== "
        let fill = max(3, width - title.count - lead.count - 1)
        return lead + title + " " + String(repeating: style.unicode ? "─" : "=", count: fill) + "\n"
    }

    /// `text` wrapped at the style's width (at most 100 columns), each line indented.
    static func wrap(_ text: String, style: TextStyle, indent: String, hanging: String? = nil) -> String {
        let width = max(30, min(style.width, 100))
        let follow = hanging ?? String(repeating: " ", count: indent.count)
        var lines: [String] = []
        var line = indent
        var empty = true
        for word in text.split(separator: " ") {
            if !empty && line.count + 1 + word.count > width {
                lines.append(line)
                line = follow
                empty = true
            }
            line += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
