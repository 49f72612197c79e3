/// `.hint`, `.next`, `.back`, `.reset`, `.where` and `.answer`: moving around the lesson
/// `rwb learn` opened. Outside a lesson they say how to open one.
extension DotCommand {
    static let lessonCommands: [DotCommand] = [
        DotCommand(name: "hint", synopsis: ".hint", summary: "a hint for this lesson step (then a stronger one, then the answer)") { call in
            await withTutor(call) { await $0.hint(in: call.session) }
        },
        DotCommand(name: "next", synopsis: ".next", summary: "skip to the lesson's next step") { call in
            await withTutor(call) { await $0.move(by: 1, in: call.session) }
        },
        DotCommand(name: "back", synopsis: ".back", summary: "go back to the lesson's previous step") { call in
            await withTutor(call) { await $0.move(by: -1, in: call.session) }
        },
        DotCommand(name: "reset", synopsis: ".reset", summary: "start the lesson again (its keys removed)") { call in
            await withTutor(call) { await $0.reset(in: call.session) }
        },
        DotCommand(name: "where", synopsis: ".where", summary: "which lesson step this is, and its task") { call in
            await withTutor(call) { await $0.whereAmI() }
        },
        DotCommand(
            name: "answer", synopsis: ".answer TEXT", summary: "answer the lesson step's question",
            check: { $0.isEmpty ? "usage: .answer TEXT" : nil }
        ) { call in
            guard !call.text.isEmpty else { return call.usage }
            return await withTutor(call) { await $0.answered(call.text, in: call.session) }
        },
    ]

    private static func withTutor(_ call: Invocation, _ body: (Tutor) async -> LineResult) async -> LineResult {
        guard let tutor = await call.session.tutor else {
            return LineResult(failure: .usage("no lesson is open: rwb learn lists them, rwb learn NAME opens one"))
        }
        return await body(tutor)
    }
}
