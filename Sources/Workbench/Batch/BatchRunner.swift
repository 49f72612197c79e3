import RESP
import ReplyFormat

/// Runs scripts: the REPL's language line by line, with assertions, a transcript, JSON
/// lines and JUnit output. `.source` uses it too, so a sourced file behaves the same.
public struct BatchRunner: Sendable {
    public struct Options: Sendable {
        /// Run on after a failure and report them all.
        public var keepGoing = false
        /// Write each line before its reply (`--echo`): a transcript fit for golden files.
        public var echo = false
        /// Write one JSON object per line to this sink (`--json`) instead of the replies.
        public var jsonLines: OutputSink?

        public init() {}
    }

    /// How a run ended.
    public struct Outcome: Sendable {
        /// 0 all held, 1 a failed assertion, server error or lost connection, 2 a script
        /// that does not parse (or a file that cannot be read).
        public var exitStatus: Int32
        public var failures: [(SourceLocation, LineResult.Failure)]
        public var cases: [JUnitReport.Case]
        public var quit: Bool
    }

    let session: Session
    let options: Options
    /// Scripts are read whole; a longer one is refused rather than cut short.
    static let maxScriptBytes = 64 << 20

    public init(session: Session, options: Options = Options()) {
        self.session = session
        self.options = options
    }

    /// For `.source FILE`: runs the file and folds its outcome into one line result.
    func runFile(_ path: String, reportTo errors: OutputSink) async -> LineResult {
        let outcome = await run(path: path, errors: errors)
        if let (location, failure) = outcome.failures.first {
            switch failure {
            case .usage(let message): return LineResult(failure: .usage("\(location): \(message)"))
            case .assertion(let message): return LineResult(failure: .assertion("\(location): \(message)"))
            case .serverError(let message): return LineResult(failure: .serverError("\(location): \(message)"))
            case .connection(let message): return LineResult(failure: .connection("\(location): \(message)"))
            }
        }
        return LineResult(quit: outcome.quit)
    }

    /// Reads and runs one file. `-` reads standard input.
    public func run(path: String, errors: OutputSink) async -> Outcome {
        // One byte past the limit tells a script that is too long from one that fits.
        let limit = Self.maxScriptBytes + 1
        let read = path == "-" ? POSIX.readAll(descriptor: 0, limit: limit) : POSIX.readFile(path, limit: limit)
        guard let bytes = read, bytes.count <= Self.maxScriptBytes else {
            let reason = read == nil ? POSIX.errorText() : "longer than \(Self.maxScriptBytes >> 20) MiB"
            let failure = LineResult.Failure.usage("cannot read \(path): \(reason)")
            errors.line("\(path): \(failure.message)")
            return Outcome(exitStatus: 2, failures: [(SourceLocation(file: path, line: 0), failure)], cases: [], quit: false)
        }
        return await run(text: String(decoding: bytes, as: UTF8.self), file: path == "-" ? "<stdin>" : path, errors: errors)
    }

    /// Runs a script. An error reply fails it unless the next line is an assertion. Failures print as `FILE:LINE: message` on `errors`.
    public func run(text: String, file: String, errors: OutputSink) async -> Outcome {
        let lines = ScriptLines.split(text, file: file)
        // A script that does not parse fails before anything runs.
        let problems = lines.compactMap { line in ScriptLines.parseProblem(line.text).map { (line.location, $0) } }
        if !problems.isEmpty {
            for (location, message) in problems { errors.line("\(location): \(message)") }
            return Outcome(exitStatus: 2, failures: problems.map { ($0.0, .usage($0.1)) }, cases: [], quit: false)
        }

        var failures: [(SourceLocation, LineResult.Failure)] = []
        var cases: [JUnitReport.Case] = []
        var quit = false
        for (index, line) in lines.enumerated() {
            // Ctrl-C in the REPL cancels the task running `.source`: stop between lines.
            if Task.isCancelled {
                failures.append((line.location, .connection("(interrupted)")))
                break
            }
            if options.echo { await session.writeOutput("> \(line.text)\n") }
            let result = await session.run(line.text, at: line.location)
            let isAssertion = ScriptLines.isAssertion(line.text)
            if let sink = options.jsonLines {
                sink.line(JSONLine.encode(location: line.location, command: line.text, result: result))
            }
            if isAssertion || result.failure != nil {
                cases.append(JUnitReport.Case(location: line.location, text: line.text, failure: result.failure?.message, elapsed: result.elapsed))
            }
            if let failure = result.failure {
                // An error reply is no failure when the very next line is an assertion: that
                // line decides (`.expect-error`, `.expect-type error`, `.expect "ERR …"`).
                var expected = false
                if case .serverError = failure, index + 1 < lines.count { expected = ScriptLines.isAssertion(lines[index + 1].text) }
                if expected {
                    cases.removeLast()
                } else {
                    failures.append((line.location, failure))
                }
            }
            if result.quit {
                quit = true
                break
            }
            if !failures.isEmpty && !options.keepGoing { break }
        }
        for (location, failure) in failures { errors.line("\(location): \(failure.message)") }
        let parseError = failures.contains { if case .usage = $0.1 { return true } else { return false } }
        let status: Int32 = failures.isEmpty ? 0 : (parseError ? 2 : 1)
        return Outcome(exitStatus: status, failures: failures, cases: cases, quit: quit)
    }
}
