import RESP
import RedisCommands
import RedisClient
import ReplyFormat

/// One workbench session: a connection, output settings and the state that assertions read.
/// The REPL, `rwb run` and `.source` all drive a session line by line through `run(_:at:)`.
public actor Session {
    public struct Settings: Sendable {
        public var mode: OutputMode
        /// Show `(0.12s)` after every reply, not only slow ones.
        public var timing = false
        /// Ask before commands that can destroy data (REPL on a terminal, without --yes).
        public var confirmDangerous = false
        /// Key prefix of everything the workbench writes (`.clean` removes it).
        public var prefix = "rwb:"
        public var seed: UInt64 = 0
        /// A person at a terminal: SUBSCRIBE and MONITOR hold the prompt until Ctrl-C.
        public var interactive = false

        public init(mode: OutputMode) {
            self.mode = mode
        }
    }

    public private(set) var settings: Settings
    public private(set) var client: RedisClient?
    /// The throwaway server this session started, if any (stopped on `.server stop` or exit).
    public private(set) var server: ThrowawayServer?
    public private(set) var lastReply: RESPValue?
    public private(set) var inTransaction = false
    let output: OutputSink
    let errors: OutputSink
    /// Asks the user to confirm a line (REPL only). Returns true to go ahead.
    var confirm: (@Sendable (String) async -> Bool)?
    private var connectedOnce = false
    private var commandInFlight = false
    /// Where pushed messages go (the REPL prints them above its prompt).
    private var pushPrinter: @Sendable ([UInt8]) -> Void
    private var pushTask: Task<Void, Never>?
    private var serverCommands: [String]?
    private var tracer: WireTracer
    /// The scripts being run, outermost first (`.source` refuses a cycle).
    private(set) var sourceStack: [SourceFrame] = []

    /// Times replies, `.sleep` and waits: the system clock, or a virtual one in tests.
    let clock: any WorkClock

    public init(settings: Settings, output: OutputSink, errors: OutputSink, clock: any WorkClock = SystemClock()) {
        self.clock = clock
        self.settings = settings
        self.output = output
        self.errors = errors
        pushPrinter = { output.write($0) }
        tracer = WireTracer { direction, bytes in
            errors.line((direction == .sent ? "-> " : "<- ") + WireText.traced(bytes, sent: direction == .sent))
        }
    }

    /// Connects this session to `options` (closing any previous connection).
    public func use(_ options: ConnectionOptions) async {
        await client?.close()
        pushTask?.cancel()
        let fresh = RedisClient(options, tracer: tracer)
        client = fresh
        connectedOnce = false
        inTransaction = false
        serverCommands = nil
        // The only reader of the client's out-of-band stream: pub/sub, MONITOR, pushes.
        pushTask = Task { [weak self] in
            for await message in fresh.outOfBand {
                guard let self else { return }
                await self.printPush(message)
            }
        }
    }

    private func printPush(_ message: RESPValue) {
        pushPrinter(ReplyFormatter(mode: settings.mode).formatPush(message))
    }

    public func setPushPrinter(_ printer: @escaping @Sendable ([UInt8]) -> Void) {
        pushPrinter = printer
    }

    /// Command names for TAB completion, upper case, subcommands as `CONFIG GET`: the
    /// server's COMMAND LIST (so module commands complete too), asked once; the built-in
    /// table when the server cannot say.
    public func commandNames() async -> [String] {
        if let serverCommands { return serverCommands }
        let builtIn = CommandCatalog.entries.map(\.name)
        guard let client, await client.isConnected,
            let reply = try? await client.send(["COMMAND", "LIST"], timeout: .milliseconds(500)), let names = reply.elements
        else { return builtIn }
        let fromServer = names.compactMap(\.string).map { $0.uppercased().replacingPipes() }
        serverCommands = Array(Set(fromServer + builtIn)).sorted()
        return serverCommands ?? builtIn
    }

    /// Key names starting with `prefix`, by a bounded SCAN (for TAB completion).
    public func keyNames(startingWith prefix: String, limit: Int = 200) async -> [String] {
        guard let client, await client.isConnected else { return [] }
        var names: Set<String> = []
        var cursor = "0"
        for _ in 0..<5 {
            let scan = RedisCommand(bytes: [Array("SCAN".utf8), Array(cursor.utf8), Array("MATCH".utf8), GlobPattern.prefix(Array(prefix.utf8)), Array("COUNT".utf8), Array("200".utf8)])
            guard let reply = try? await client.send(scan, timeout: .milliseconds(300)),
                let page = ScanPage(reply)
            else { break }
            page.keys.forEach { names.insert(String(decoding: $0, as: UTF8.self)) }
            cursor = page.cursor
            if cursor == "0" || names.count >= limit { break }
        }
        return names.sorted()
    }

    /// Takes ownership of a throwaway server: the session stops it in `shutdown()`.
    public func adopt(_ server: ThrowawayServer) async {
        self.server = server
        await use(server.options)
    }

    public func setConfirmation(_ confirm: (@Sendable (String) async -> Bool)?) {
        self.confirm = confirm
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
        guard let client, await client.isConnected || !connectedOnce else { return "not connected> " }
        let options = await client.options
        var text: String
        switch options.address {
        case .tcp: text = options.addressDescription
        case .unix(let path): text = "redis \(path)"
        }
        if options.database != 0 { text += "[\(options.database)]" }
        if inTransaction { text += "(TX)" }
        return text + "> "
    }

    /// Runs one logical line: a Redis command, a dot-command, or nothing (blank, comment).
    public func run(_ line: String, at location: SourceLocation) async -> LineResult {
        await run(bytes: Array(line.utf8), at: location)
    }

    /// Runs one logical line given as bytes: the arguments of a Redis command reach the
    /// server byte for byte (invalid UTF-8 and NUL included), as with redis-cli.
    public func run(bytes line: [UInt8], at location: SourceLocation) async -> LineResult {
        let trimmed = Array(line.drop { $0 == 0x20 || $0 == 0x09 })
        if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { return LineResult() }
        if trimmed.first == UInt8(ascii: ".") { return await runDot(String(decoding: trimmed, as: UTF8.self), at: location) }
        let arguments: [[UInt8]]
        do {
            arguments = try CommandLineSplitter.split(bytes: trimmed)
        } catch {
            return LineResult(failure: .usage("\(error)"))
        }
        guard !arguments.isEmpty else { return LineResult() }
        if String(decoding: arguments[0], as: UTF8.self).lowercased() == "help" {
            let topic = arguments.dropFirst().map { String(decoding: $0, as: UTF8.self) }
            output.write(topic.isEmpty ? CommandTable.genericHelp(version: Version.current) : CommandTable.helpText(for: topic, color: settings.mode == .tty))
            return LineResult()
        }
        return await send(RedisCommand(bytes: arguments))
    }

    /// Sends one command and prints its reply in the session's mode.
    public func send(_ command: RedisCommand) async -> LineResult {
        guard let client else { return LineResult(failure: .connection("not connected: use .connect URL or .server start")) }
        if settings.confirmDangerous, let confirm, let reason = CommandFacts.dangerReason(command),
            await isLargeKeyspaceOrNotKeys(command, client: client)
        {
            guard await confirm("\(reason) Run `\(command)`?") else {
                errors.line("(not sent)")
                return LineResult()
            }
        }
        let streaming = CommandFacts.streamsMessages(command)
        if streaming && settings.interactive && settings.mode == .tty {
            output.line("Reading messages... (press Ctrl-C to quit)")
        }
        let wasConnected = await client.isConnected
        let start = clock.now
        do {
            commandInFlight = true
            defer { commandInFlight = false }
            let reply = try await client.send(command)
            let elapsed = clock.now - start
            if !wasConnected && connectedOnce { errors.line("(reconnected to \(await client.options.maskedURL))") }
            connectedOnce = true
            if let notice = await client.handshakeNotice, !wasConnected { errors.line(notice) }
            lastReply = reply
            await noteStateChange(command, reply: reply, client: client)
            output.write(ReplyFormatter(mode: settings.mode).format(reply, command: command))
            if settings.mode == .tty && (settings.timing || elapsed >= .milliseconds(500)) {
                output.line("(\(Self.seconds(elapsed))s)")
            }
            if streaming && !reply.isError { await streamUntilCancelled(client) }
            return LineResult(reply: reply, failure: reply.errorMessage.map { .serverError($0) }, elapsed: elapsed)
        } catch let error as RedisClientError {
            lastReply = nil
            inTransaction = false
            if case .cancelled = error { return LineResult(failure: .connection("(interrupted)")) }
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

    // MARK: - Helpers used by dot-commands and the front ends

    func setMode(_ mode: OutputMode) { settings.mode = mode }
    func setTiming(_ on: Bool) { settings.timing = on }
    func setTrace(_ on: Bool) { tracer.isEnabled = on }
    func setSeed(_ seed: UInt64) { settings.seed = seed }
    func setServer(_ server: ThrowawayServer?) { self.server = server }
    func enterSource(_ frame: SourceFrame) { sourceStack.append(frame) }
    func leaveSource() { sourceStack.removeLast() }
    func connectedNow() { connectedOnce = true }
    func writeOutput(_ text: String) { output.write(text) }

    /// KEYS asks only from this many keys in the database: below it, it is quick.
    static let largeKeyspace: Int64 = 10_000

    /// KEYS is worth a question only where it would block the server for long.
    private func isLargeKeyspaceOrNotKeys(_ command: RedisCommand, client: RedisClient) async -> Bool {
        guard command.name == "KEYS" else { return true }
        let size = try? await client.send(["DBSIZE"], timeout: .seconds(2)).int
        return (size ?? Int64.max) >= Self.largeKeyspace
    }

    /// SELECT, MULTI, EXEC and DISCARD change what the prompt shows and what a reconnect does.
    private func noteStateChange(_ command: RedisCommand, reply: RESPValue, client: RedisClient) async {
        guard !reply.isError || command.name == "EXEC" else { return }
        switch command.name {
        case "SELECT":
            if let text = command.argument(1), let database = Int(text) { await client.useDatabase(database) }
        case "MULTI": inTransaction = true
        case "EXEC", "DISCARD": inTransaction = false
        default: break
        }
    }

    /// SUBSCRIBE and MONITOR: print what arrives until interrupted or disconnected.
    /// Messages are printed by the push task; this only holds the prompt, as redis-cli does.
    private func streamUntilCancelled(_ client: RedisClient) async {
        guard settings.interactive else { return }
        while await client.isConnected {
            try? await clock.sleep(for: .milliseconds(50))
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let hundredths = seconds * 100 + attoseconds / 10_000_000_000_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension String {
    /// `CONFIG|GET` (COMMAND LIST's spelling) as `CONFIG GET`.
    fileprivate func replacingPipes() -> String {
        String(map { $0 == "|" ? " " : $0 })
    }
}
