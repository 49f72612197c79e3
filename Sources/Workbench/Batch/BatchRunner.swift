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
        /// that does not parse (or a file that cannot be read), 128 + N stopped by signal N.
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

    /// `.source` may nest this deep; deeper is refused (a cycle is refused at once).
    static let maxSourceDepth = 16

    /// For `.source FILE`: runs the file and folds its first failure into one line result
    /// that keeps where it happened (`b.rwb:3`), so the caller reports it once.
    func runFile(_ path: String) async -> LineResult {
        let identity = POSIX.realPath(path) ?? path
        let stack = await session.sourceStack
        if stack.contains(where: { $0.identity == identity }) {
            let chain = (stack.map(\.display) + [path]).joined(separator: " → ")
            return LineResult(failure: .usage(".source cycle: \(chain)"))
        }
        if stack.count >= Self.maxSourceDepth {
            return LineResult(failure: .usage(".source nested more than \(Self.maxSourceDepth) files deep: \(path)"))
        }
        let outcome = await execute(path: path)
        guard let (location, failure) = outcome.failures.first else { return LineResult(quit: outcome.quit) }
        return LineResult(failure: failure, location: location)
    }

    /// Reads and runs one file (`-` reads standard input); failures print as
    /// `FILE:LINE: message` on `errors`.
    public func run(path: String, errors: OutputSink) async -> Outcome {
        report(await execute(path: path), to: errors)
    }

    /// Runs a script given as text; failures print as `FILE:LINE: message` on `errors`.
    public func run(text: String, file: String, errors: OutputSink) async -> Outcome {
        report(await execute(bytes: Array(text.utf8), file: file), to: errors)
    }

    private func report(_ outcome: Outcome, to errors: OutputSink) -> Outcome {
        for (location, failure) in outcome.failures { errors.line("\(location): \(failure.message)") }
        return outcome
    }

    private func execute(path: String) async -> Outcome {
        // One byte past the limit tells a script that is too long from one that fits.
        let limit = Self.maxScriptBytes + 1
        let read = path == "-" ? POSIX.readAll(descriptor: 0, limit: limit) : POSIX.readFile(path, limit: limit)
        guard let bytes = read, bytes.count <= Self.maxScriptBytes else {
            let reason = read == nil ? POSIX.errorText() : "longer than \(Self.maxScriptBytes >> 20) MiB"
            let failure = LineResult.Failure.usage("cannot read \(path): \(reason)")
            return Outcome(exitStatus: 2, failures: [(SourceLocation(file: path, line: 0), failure)], cases: [], quit: false)
        }
        let display = path == "-" ? "<stdin>" : path
        await session.enterSource(SourceFrame(identity: POSIX.realPath(path) ?? path, display: display))
        let outcome = await execute(bytes: bytes, file: display)
        await session.leaveSource()
        return outcome
    }

    /// Runs a script. An error reply fails it unless the next line is an assertion.
    private func execute(bytes: [UInt8], file: String) async -> Outcome {
        let lines = ScriptLines.split(bytes, file: file)
        // A script that does not parse fails before anything runs.
        let problems = lines.compactMap { line in ScriptLines.parseProblem(line).map { (line.location, $0) } }
        if !problems.isEmpty {
            return Outcome(exitStatus: 2, failures: problems.map { ($0.0, .usage($0.1)) }, cases: [], quit: false)
        }

        var failures: [(SourceLocation, LineResult.Failure)] = []
        var cases: [JUnitReport.Case] = []
        var quit = false
        for (index, line) in lines.enumerated() {
            // Ctrl-C in the REPL cancels the task running `.source`: stop between lines.
            if Task.isCancelled {
                // Said once, for the line that was running (or, between lines, the next one).
                if failures.last.map({ if case .interrupted = $0.1 { true } else { false } }) != true {
                    failures.append((line.location, .interrupted(.current)))
                }
                break
            }
            // What leaves the process in a transcript, a JSON line or a JUnit report never
            // carries a password.
            let shown = Secrets.redacted(line.text)
            if options.echo { await session.writeOutput("> \(shown)\n") }
            let result = await session.run(bytes: line.bytes, at: line.location)
            let isAssertion = ScriptLines.isAssertion(line.text)
            if let sink = options.jsonLines {
                sink.line(JSONLine.encode(location: line.location, command: shown, result: result))
            }
            if isAssertion || result.failure != nil {
                cases.append(
                    JUnitReport.Case(location: line.location, text: shown, failure: result.failure?.message, elapsed: result.elapsed))
            }
            if let failure = result.failure {
                // An error reply is no failure when the very next line is an assertion: that
                // line decides (`.expect-error`, `.expect-type error`, `.expect "ERR …"`).
                var expected = false
                if case .serverError = failure, index + 1 < lines.count { expected = ScriptLines.isAssertion(lines[index + 1].text) }
                if expected {
                    cases.removeLast()
                } else {
                    failures.append((result.location ?? line.location, failure))
                }
            }
            if result.quit {
                quit = true
                break
            }
            if !failures.isEmpty && !options.keepGoing { break }
        }
        let status = failures.map(\.1.exitStatus).max() ?? 0
        return Outcome(exitStatus: status, failures: failures, cases: cases, quit: quit)
    }
}

/// One script being run, for `.source` cycle detection: the file's real path, and the name
/// the user gave it (for messages).
struct SourceFrame: Sendable {
    var identity: String
    var display: String
}
