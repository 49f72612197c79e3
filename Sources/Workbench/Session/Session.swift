import Labs
import RESP
import RedisClient
import RedisCommands
import ReplyFormat

/// One workbench session: a connection, output settings and the state that assertions read.
/// The REPL, `rwb run` and `.source` all drive a session line by line through `run(_:at:)`.
/// Dot-commands live in `DotCommands/`, each a value in `DotCommand.all`; they reach the
/// session through the small API below, so a new one does not make this type bigger.
public actor Session {
    public struct Settings: Sendable {
        public var mode: OutputMode
        /// Show `(0.12s)` after every reply, not only slow ones.
        public var timing = false
        /// Ask before commands that can destroy data (REPL on a terminal, without --yes).
        public var confirmDangerous = false
        /// Key prefix of everything the workbench writes (`.clean` removes it).
        public var prefix = "rwb:"
        /// The seed labs use when none is given (`.seed N`, `rwb run --seed N`).
        public var seed: UInt64 = 1
        /// A person at a terminal: SUBSCRIBE and MONITOR hold the prompt until Ctrl-C.
        public var interactive = false
        /// Print RESP3 pushes that are not pub/sub messages (`--show-pushes`): a tracking
        /// invalidation, for one. Subscribed messages print either way, as with redis-cli.
        public var showPushes = true

        public init(mode: OutputMode) {
            self.mode = mode
        }
    }

    public private(set) var settings: Settings
    public private(set) var client: RedisClient?
    /// The throwaway server this session started, if any (stopped on `.server stop` or exit).
    public private(set) var server: ThrowawayServer?
    /// What the last Redis command answered: `.expect` reads it.
    public private(set) var lastReply: RESPValue?
    /// The last lab's report as a tree: `.expect lab.PATH` reads it.
    public private(set) var lastLabReport: ReportValue?
    /// The scripts being run, outermost first (`.source` refuses a cycle).
    private(set) var sourceStack: [SourceFrame] = []
    nonisolated let output: OutputSink
    nonisolated let errors: OutputSink
    /// Times replies, `.sleep` and waits: the system clock, or a virtual one in tests.
    nonisolated let clock: any WorkClock

    private var promptState = PromptState()
    private var dangerGate = DangerGate()
    /// The server's command names, asked once per connection (TAB completion).
    private var serverCommands: [String]?
    private var commandInFlight = false
    /// Where pushed messages go (the REPL prints them above its prompt).
    private var pushPrinter: @Sendable ([UInt8]) -> Void
    private var pushTask: Task<Void, Never>?
    private var tracer: WireTracer
    /// The lesson open in this session (`rwb learn`), which checks the student's lines.
    private(set) var tutor: Tutor?
    /// Commands sent since the lesson's step opened, for `.check sent` (kept only in a lesson).
    private var sentLog: [[String]] = []
    private var keepsSentLog = false

    public init(settings: Settings, output: OutputSink, errors: OutputSink, clock: any WorkClock = SystemClock()) {
        self.clock = clock
        self.settings = settings
        self.output = output
        self.errors = errors
        pushPrinter = { output.write($0) }
        tracer = WireTracer(
            { direction, bytes in
                errors.line((direction == .sent ? "-> " : "<- ") + WireText.traced(bytes, sent: direction == .sent))
            }, http: WireText.httpLines(to: errors))
    }

    // MARK: - Running lines

    /// Runs one logical line: a Redis command, a dot-command, or nothing (blank, comment).
    public func run(_ line: String, at location: SourceLocation) async -> LineResult {
        await run(bytes: Array(line.utf8), at: location)
    }

    /// Runs one logical line given as bytes: the arguments of a Redis command reach the
    /// server byte for byte (invalid UTF-8 and NUL included), as with redis-cli.
    public func run(bytes line: [UInt8], at location: SourceLocation) async -> LineResult {
        let trimmed = Array(line.drop { $0 == 0x20 || $0 == 0x09 })
        if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { return LineResult() }
        if trimmed.first == UInt8(ascii: ".") {
            let text = String(decoding: trimmed, as: UTF8.self)
            let result = await DotCommand.run(text, in: self, at: location)
            // A lab or a mode run in a lesson is the student's work: its step checks it (a line
            // that did not run, a typo or a bad option, is no try).
            if let tutor, result.failure == nil, let name = ScriptLines.dotName(text), Tutor.checkedDotCommands.contains(name) {
                await tutor.attempted(in: self)
            }
            return result
        }
        let arguments: [[UInt8]]
        do {
            arguments = try CommandLineSplitter.split(bytes: trimmed)
        } catch {
            return LineResult(failure: .usage("\(error)"))
        }
        guard !arguments.isEmpty else { return LineResult() }
        if String(decoding: arguments[0], as: UTF8.self).lowercased() == "help" {
            let topic = arguments.dropFirst().map { String(decoding: $0, as: UTF8.self) }
            output.write(
                topic.isEmpty
                    ? CommandTable.genericHelp(version: Version.current) : CommandTable.helpText(for: topic, color: settings.mode == .tty))
            return LineResult()
        }
        let result = await send(RedisCommand(bytes: arguments))
        if let tutor, result.failure?.isServerError ?? true {
            await tutor.attempted(in: self)
        }
        return result
    }

    /// Sends one command and prints its reply in the session's mode.
    public func send(_ command: RedisCommand) async -> LineResult {
        guard let client else { return LineResult(failure: .connection("not connected: use .connect URL or .server start")) }
        guard await dangerGate.allows(command, client: client) else {
            errors.line("(not sent)")
            return LineResult()
        }
        if keepsSentLog {
            if sentLog.count >= 1000 { sentLog.removeFirst(sentLog.count - 999) }
            sentLog.append(command.arguments.map { String(decoding: $0, as: UTF8.self) })
        }
        // Over REST nothing streams (one request, one answer): the reply is all there is.
        let overREST = await client.options.rest != nil
        let streaming = CommandFacts.streamsMessages(command) && !overREST
        if streaming && settings.interactive && settings.mode == .tty {
            output.line("Reading messages... (press Ctrl-C to quit)")
        }
        let wasConnected = await client.isConnected
        let node = await client.options.address
        let start = clock.now
        do {
            commandInFlight = true
            defer { commandInFlight = false }
            let reply = try await client.send(command)
            let elapsed = clock.now - start
            if !wasConnected && promptState.connectedOnce { errors.line("(reconnected to \(await client.options.maskedURL))") }
            promptState.connectedOnce = true
            if let notice = await client.handshakeNotice, !wasConnected { errors.line(notice) }
            lastReply = reply
            // In a cluster, as redis-cli's REPL: say so when the command went to another node.
            if settings.interactive, await client.options.address != node, let slot = await client.lastSlot {
                output.line("-> Redirected to slot [\(slot)] located at \(await client.options.addressDescription)")
            }
            if let database = promptState.note(command, reply: reply) { await client.useDatabase(database) }
            ReplyPrinter(mode: settings.mode, timing: settings.timing).print(reply, command: command, elapsed: elapsed, to: output)
            if streaming && !reply.isError { await streamUntilCancelled(client) }
            return LineResult(reply: reply, failure: reply.errorMessage.map { .serverError($0) }, elapsed: elapsed)
        } catch let error as RedisClientError {
            lastReply = nil
            promptState.inTransaction = false
            if error.code == .cancelled { return LineResult(failure: .interrupted(.current)) }
            return LineResult(failure: .connection(error.description), elapsed: clock.now - start)
        } catch {
            return LineResult(failure: .connection("\(error)"), elapsed: clock.now - start)
        }
    }

    /// Abandons the command in flight (Ctrl-C). The next command reconnects.
    /// Only a command on the wire is cancelled: an idle connection (during `.sleep`) stays.
    public nonisolated func interrupt() {
        Task { await self.cancelCommandInFlight() }
    }

    private func cancelCommandInFlight() async {
        if commandInFlight { await client?.cancel() }
    }

    /// SUBSCRIBE and MONITOR: print what arrives until interrupted or disconnected.
    /// Messages are printed by the push task; this only holds the prompt, as redis-cli does.
    private func streamUntilCancelled(_ client: RedisClient) async {
        guard settings.interactive else { return }
        while await client.isConnected {
            try? await clock.sleep(for: .milliseconds(50))
        }
    }

    // MARK: - Connection and server

    /// Connects this session to `options` (closing any previous connection).
    public func use(_ options: ConnectionOptions) async {
        await client?.close()
        pushTask?.cancel()
        let fresh = RedisClient(options, tracer: tracer, clock: clock)
        client = fresh
        promptState = PromptState()
        serverCommands = nil
        // The only reader of the client's out-of-band stream: pub/sub, MONITOR, pushes.
        pushTask = Task { [weak self] in
            for await message in fresh.outOfBand {
                guard let self else { return }
                await self.printPush(message)
            }
        }
    }

    /// Takes ownership of a throwaway server: the session stops it in `shutdown()`.
    public func adopt(_ server: ThrowawayServer) async {
        self.server = server
        await use(server.options)
    }

    /// Stops the throwaway server this session owns, if any; returns it.
    func stopServer() async -> ThrowawayServer? {
        guard let server else { return nil }
        await client?.close()
        server.stop()
        self.server = nil
        return server
    }

    /// Marks the session connected (after `.connect` checked the server answers).
    func markConnected() {
        promptState.connectedOnce = true
    }

    /// Closes the connection and stops a throwaway server.
    public func shutdown() async {
        pushTask?.cancel()
        await client?.close()
        client = nil
        server?.stop()
        server = nil
    }

    /// The prompt, as redis-cli draws it: `127.0.0.1:6379[2](TX)> `.
    public func prompt() async -> String {
        let tag = await tutor?.promptTag ?? ""
        guard let client else { return tag + "not connected> " }
        return tag + promptState.prompt(options: await client.options, isConnected: await client.isConnected)
    }

    // MARK: - Front ends

    private func printPush(_ message: RESPValue) {
        if !settings.showPushes, !CommandFacts.isPubSubMessage(message) { return }
        pushPrinter(ReplyPrinter(mode: settings.mode).push(message))
    }

    public func setPushPrinter(_ printer: @escaping @Sendable ([UInt8]) -> Void) {
        pushPrinter = printer
    }

    /// How the REPL asks before dangerous commands; nil never asks.
    public func setConfirmation(_ confirm: (@Sendable (String) async -> Bool)?) {
        dangerGate.confirm = settings.confirmDangerous ? confirm : nil
    }

    /// Command names for TAB completion (see `CompletionSource`).
    public func commandNames() async -> [String] {
        if let serverCommands { return serverCommands }
        guard let fromServer = await CompletionSource.serverCommandNames(client: client) else { return CompletionSource.builtInNames }
        serverCommands = fromServer
        return fromServer
    }

    /// Key names starting with `prefix`, by a bounded SCAN (for TAB completion).
    public func keyNames(startingWith prefix: String) async -> [String] {
        await CompletionSource.keyNames(client: client, startingWith: prefix)
    }

    // MARK: - Lessons

    /// Opens a lesson in this session: it prints its first (or resumed) step.
    func startLesson(_ tutor: Tutor) async {
        self.tutor = tutor
        keepsSentLog = true
        await tutor.begin(in: self)
    }

    /// What a lesson's checks look at now.
    func checkContext(answer: String?) -> CheckContext {
        let client = self.client
        return CheckContext(lastReply: lastReply, labReport: lastLabReport, sent: sentLog, answer: answer) { words in
            guard let client else { throw LessonProblem("not connected") }
            return try await client.send(RedisCommand(words))
        }
    }

    func clearSentLog() { sentLog = [] }

    /// A new connection to the same server: what one lesson did to its connection (RESP3,
    /// CLIENT TRACKING, SELECT) does not reach the next one's test.
    func reconnect() async {
        guard let client else { return }
        await use(await client.options)
    }

    /// Keeps the log of sent commands without a lesson open (the lesson's own test).
    func keepSentLog() { keepsSentLog = true }

    /// Runs a lesson's own command (a step's setup): not printed, and not the student's
    /// last reply. Returns why it failed, if it did.
    func runQuietly(_ line: [UInt8]) async -> String? {
        guard let client else { return "not connected" }
        do {
            let reply = try await client.send(RedisCommand(bytes: try CommandLineSplitter.split(bytes: line)))
            return reply.errorMessage
        } catch {
            return "\(error)"
        }
    }

    /// What the lesson's own test saves around a wrong answer and puts back after it.
    struct StudentState: Sendable {
        var lastReply: RESPValue?
        var labReport: ReportValue?
        var sentLog: [[String]]
    }

    var studentState: StudentState { StudentState(lastReply: lastReply, labReport: lastLabReport, sentLog: sentLog) }

    func restore(_ state: StudentState) {
        lastReply = state.lastReply
        lastLabReport = state.labReport
        sentLog = state.sentLog
    }

    // MARK: - Settings dot-commands change

    func setMode(_ mode: OutputMode) { settings.mode = mode }
    func setTiming(_ on: Bool) { settings.timing = on }
    public func setTrace(_ on: Bool) { tracer.isEnabled = on }
    func setSeed(_ seed: UInt64) { settings.seed = seed }
    func setLabReport(_ report: ReportValue) { lastLabReport = report }
    func enterSource(_ frame: SourceFrame) { sourceStack.append(frame) }
    func leaveSource() { sourceStack.removeLast() }
    func writeOutput(_ text: String) { output.write(text) }
}
