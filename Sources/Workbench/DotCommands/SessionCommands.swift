import ReplyFormat

/// Dot-commands about the session itself: help, leaving, output, pauses, seeds, scripts.
extension DotCommand {
    /// A script that sleeps longer than this is a typo, not a demo.
    static let maxSleepMilliseconds = 3_600_000

    static let sessionCommands: [DotCommand] = [
        DotCommand(name: "help", synopsis: ".help", summary: "this list") { call in
            call.session.output.line("Workbench commands (Redis commands need no dot; `help CMD` asks about one):")
            for command in all { call.session.output.line("  " + command.helpLine) }
            return LineResult()
        },
        DotCommand(
            name: "mode", synopsis: ".mode tty|raw|json|csv", summary: "how replies are printed (also quoted-json)",
            completions: OutputMode.allCases.map(\.rawValue),
            check: { $0.count == 1 && OutputMode(rawValue: $0[0].lowercased()) != nil ? nil : "usage: .mode tty|raw|json|quoted-json|csv" }
        ) { call in
            guard call.words.count == 1, let mode = OutputMode(rawValue: call.words[0].lowercased()) else { return call.usage }
            await call.session.setMode(mode)
            return LineResult()
        },
        DotCommand(name: "timing", synopsis: ".timing on|off", summary: "show the time of every reply", completions: ["on", "off"]) {
            call in
            guard call.words.count == 1, let on = onOff(call.words[0]) else { return call.usage }
            await call.session.setTiming(on)
            return LineResult()
        },
        DotCommand(name: "trace", synopsis: ".trace on|off", summary: "show the RESP bytes sent and received", completions: ["on", "off"]) {
            call in
            guard call.words.count == 1, let on = onOff(call.words[0]) else { return call.usage }
            await call.session.setTrace(on)
            return LineResult()
        },
        DotCommand(
            name: "source", synopsis: ".source FILE", summary: "run a script file here",
            check: { $0.count == 1 ? nil : "usage: .source FILE" }
        ) { call in
            guard call.words.count == 1 else { return call.usage }
            return await BatchRunner(session: call.session).runFile(call.words[0])
        },
        DotCommand(name: "quit", synopsis: ".quit", summary: "leave (also Ctrl-D)") { _ in
            LineResult(quit: true)
        },
        DotCommand(name: "exit", synopsis: ".exit", summary: "same as .quit") { _ in
            LineResult(quit: true)
        },
        DotCommand(name: "echo", synopsis: ".echo TEXT", summary: "print TEXT") { call in
            call.session.output.line(call.words.joined(separator: " "))
            return LineResult()
        },
        DotCommand(name: "sleep", synopsis: ".sleep MS", summary: "pause", check: checkSleep) { call in
            if let problem = checkSleep(call.words) { return LineResult(failure: .usage(problem)) }
            try? await call.session.clock.sleep(for: .milliseconds(Int(call.words[0]) ?? 0))
            return LineResult()
        },
        DotCommand(
            name: "seed", synopsis: ".seed N", summary: "seed for labs and random data",
            check: { $0.count == 1 && UInt64($0[0]) != nil ? nil : "usage: .seed N (a number from 0 to 2^64-1)" }
        ) { call in
            guard call.words.count == 1, let seed = UInt64(call.words[0]) else { return call.usage }
            await call.session.setSeed(seed)
            return LineResult()
        },
    ]

    private static func checkSleep(_ words: [String]) -> String? {
        guard words.count == 1, let milliseconds = Int(words[0]), milliseconds >= 0 else { return "usage: .sleep MS" }
        guard milliseconds <= maxSleepMilliseconds else { return ".sleep \(words[0]): at most \(maxSleepMilliseconds) ms (one hour)" }
        return nil
    }
}
