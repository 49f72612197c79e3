import RedisClient
import Synchronization

/// redis-cli's modes inside a session: `.scan`, `.bigkeys`, `.memkeys`, `.hotkeys` and
/// `.latency` run the same mode as `rwb --scan` and friends, on the session's server (its
/// database, its cluster with every master), in the session's output mode. Ctrl-C ends one
/// (the REPL cancels the line's task; each mode checks for cancellation).
extension DotCommand {
    static let modeCommands: [DotCommand] = [
        DotCommand(
            name: "scan", synopsis: ".scan [PATTERN [COUNT]]", summary: "every key matching PATTERN once, as rwb --scan",
            check: { scanArguments($0) == nil ? "usage: .scan [PATTERN [COUNT]] (COUNT from 1 to 1000000)" : nil }
        ) { call in
            guard let (pattern, count) = scanArguments(call.words) else { return call.usage }
            let mode = await call.session.settings.mode
            return await onSessionServer(call) { options, errors in
                await ScanMode(pattern: pattern.map { Array($0.utf8) }, count: count, interval: nil).run(
                    options: options, mode: mode, output: call.session.output, errors: errors)
            }
        },
        surveyCommand("bigkeys", .bigKeys, "each type's biggest key by elements, and its totals, as rwb --bigkeys"),
        surveyCommand("memkeys", .memKeys, "each type's biggest key by MEMORY USAGE (exact), as rwb --memkeys"),
        surveyCommand("hotkeys", .hotKeys, "the 16 keys with the highest LFU counters, as rwb --hotkeys"),
        DotCommand(
            name: "latency", synopsis: ".latency [SECONDS]",
            summary: "PING latency: a live line until Ctrl-C, or one reading of SECONDS (scripts: 1)",
            check: { latencySeconds($0) == nil ? "usage: .latency [SECONDS] (from 0.01 to 3600)" : nil }
        ) { call in
            guard let seconds = latencySeconds(call.words) else { return call.usage }
            let settings = await call.session.settings
            // Live only where someone watches and can press Ctrl-C; a script gets its line.
            let live = settings.interactive && settings.mode == .tty && seconds == .some(nil)
            let latency = LatencyMode(
                kind: .latency, interval: (seconds ?? nil) ?? .seconds(1), mode: live ? .tty : settings.mode == .tty ? .raw : settings.mode)
            return await onSessionServer(call) { options, errors in
                await latency.run(options: options, output: call.session.output, errors: errors)
            }
        },
    ]

    private static func surveyCommand(_ name: String, _ kind: KeySurveyMode.Kind, _ summary: String) -> DotCommand {
        DotCommand(
            name: name, synopsis: ".\(name) [PATTERN]", summary: summary, check: { $0.count > 1 ? "usage: .\(name) [PATTERN]" : nil }
        ) {
            call in
            guard call.words.count <= 1 else { return call.usage }
            let survey = KeySurveyMode(kind: kind, pattern: call.words.first, interval: nil, memorySamples: nil)
            return await onSessionServer(call) { options, errors in
                await survey.run(options: options, output: call.session.output, errors: errors)
            }
        }
    }

    /// PATTERN and COUNT, nil when the words do not fit.
    static func scanArguments(_ words: [String]) -> (String?, Int)? {
        guard words.count <= 2 else { return nil }
        guard words.count == 2 else { return (words.first, 1000) }
        guard let count = Int(words[1]), (1...1_000_000).contains(count) else { return nil }
        return (words[0], count)
    }

    /// `.some(nil)`: no SECONDS given; nil: words that do not fit.
    static func latencySeconds(_ words: [String]) -> Duration?? {
        guard let word = words.first else { return .some(nil) }
        guard words.count == 1, let seconds = Double(word), (0.01...3600).contains(seconds) else { return nil }
        return .some(.milliseconds(Int64((seconds * 1000).rounded())))
    }

    /// Runs a mode on the session's server. Its exit status becomes the line's result, and
    /// the lines it wrote on stderr that result's message: said once, where the REPL and a
    /// script say a line's failure (a progress bar, which ends no line, shows as drawn).
    private static func onSessionServer(
        _ call: Invocation, _ body: (ConnectionOptions, OutputSink) async -> Int32
    ) async -> LineResult {
        guard let client = await call.session.client else { return LineResult(failure: .connection("not connected")) }
        let errors = HeldLines(call.session.errors)
        let status = await body(await client.options, errors)
        let said = errors.take()
        if Task.isCancelled { return LineResult(failure: .interrupted(.current)) }
        guard status != 0 else {
            if !said.isEmpty { call.session.errors.write(said) }
            return LineResult()
        }
        let message = said.isEmpty ? ".\(call.command.name) failed" : String(decoding: said, as: UTF8.self)
        return LineResult(failure: .connection(message.hasSuffix("\n") ? String(message.dropLast()) : message))
    }
}

/// A mode's stderr: what ends in a newline is held for the caller; a partial line (a
/// progress bar redrawn with `\r`) goes through at once.
private final class HeldLines: OutputSink {
    private let through: OutputSink
    private let held = Mutex<[UInt8]>([])

    init(_ through: OutputSink) {
        self.through = through
    }

    func write(_ bytes: [UInt8]) {
        if bytes.last == UInt8(ascii: "\n") {
            held.withLock { $0 += bytes }
        } else {
            through.write(bytes)
        }
    }

    func take() -> [UInt8] {
        held.withLock { lines in
            defer { lines.removeAll() }
            return lines
        }
    }
}
