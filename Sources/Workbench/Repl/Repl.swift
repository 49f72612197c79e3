import Dispatch
import RESP
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The interactive shell. It runs on the calling thread (the main thread), never inside a
/// task: readline is a blocking C library. A poll loop watches stdin and a wake pipe; the
/// session's async work runs elsewhere and wakes the loop when it is done, when a message
/// is pushed, or when Ctrl-C arrives.
public final class Repl: @unchecked Sendable {
    // @unchecked: everything here is used on the REPL thread only, except `wake` and
    // `pushes`, which are thread-safe.
    private let session: Session
    private let history: HistoryFile
    private let errors: OutputSink
    private let wake = WakePipe()
    private let pushes = BufferSink()
    private var promptShowing = false
    /// Counts Ctrl-Cs during a command, so a `[y/N]` question can see one arrive.
    private let interrupts = SharedCounter()

    private enum Wake {
        static let interrupt = UInt8(ascii: "i")
        static let done = UInt8(ascii: "d")
        static let push = UInt8(ascii: "p")
    }

    public init(session: Session, history: HistoryFile, errors: OutputSink = FileDescriptorSink.standardError) {
        self.session = session
        self.history = history
        self.errors = errors
    }

    /// Runs until `.quit` or Ctrl-D. Returns the exit status.
    public func run() -> Int32 {
        let environment = ProcessEnvironment.variables
        LineEditor.hintsEnabled = (environment["TERM"] ?? "dumb") != "dumb" && environment["RWB_HINTS"] != "off"
        LineEditor.setUp()
        for line in history.load() { LineEditor.addHistory(line) }
        // The file is appended to line by line; keep it from growing for ever.
        do {
            try history.compact()
        } catch {
            errors.line("(history not compacted: \(error))")
        }
        LineEditor.completer = { [unowned self] line, word in self.complete(line: line, word: word) }
        let wake = self.wake
        let pushes = self.pushes
        let interrupts = self.interrupts
        blockOn { [session] in
            await session.setPushPrinter { bytes in
                pushes.write(bytes)
                wake.wake(Wake.push)
            }
            await session.setConfirmation { [interrupts] question in Self.askYesNo(question, interrupts: interrupts) }
        }
        let signals = SignalWatcher(signals: [SIGINT]) { _ in wake.wake(Wake.interrupt) }
        defer { signals.cancel() }

        var accumulator = LineAccumulator()
        LineEditor.begin(prompt: blockOn { [session] in await session.prompt() })
        promptShowing = true
        while true {
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 { continue }  // EINTR
            if fds[1].revents != 0 {
                handleWake {
                    // Ctrl-C at the prompt: drop the line, and any continuation, not the shell.
                    accumulator.reset()
                    LineEditor.abandonLine(thenPrompt: blockOn { [session] in await session.prompt() })
                }
            }
            guard fds[0].revents != 0 else { continue }
            guard let finished = LineEditor.readAvailable() else { continue }
            promptShowing = false
            guard let line = finished else {
                FileDescriptorSink.standardOutput.write("\n")
                break
            }
            if let logical = accumulator.add(line) {
                record(logical)
                // As in redis-cli's REPL, `quit` and `exit` leave (rather than send QUIT).
                if Self.leaves(logical) || execute(logical) { break }
            }
            let prompt = accumulator.isContinuing ? "... " : blockOn { [session] in await session.prompt() }
            LineEditor.begin(prompt: prompt)
            promptShowing = true
        }
        return 0
    }

    /// `quit` or `exit` (any case) as the line's first word.
    static func leaves(_ line: String) -> Bool {
        let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first?.lowercased()
        return first == "quit" || first == "exit"
    }

    /// Runs one line on the session; Ctrl-C meanwhile cancels it. Returns true to quit.
    private func execute(_ line: String) -> Bool {
        let box = ResultBox<LineResult>()
        let wake = self.wake
        let task = Task.detached { [session] in
            box.set(await session.run(line, at: .prompt))
            wake.wake(Wake.done)
        }
        while box.get() == nil {
            var fds = [pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 1, -1)
            handleWake { [interrupts, session] in
                // A command on the wire, a `.sleep`, a `.source`d script, a [y/N] question.
                interrupts.add(1)
                session.interrupt()
                task.cancel()
            }
        }
        guard let result = box.get() else { return false }
        if let failure = result.failure {
            // A failure inside a `.source`d file says where it happened.
            let place = result.location.map { "\($0): " } ?? ""
            switch failure {
            case .serverError(let message): if !place.isEmpty { errors.line("(error) \(place)\(message)") }  // else printed as the reply
            case .assertion(let message): errors.line("assertion failed: \(place)\(message)")
            case .interrupted: errors.line("(interrupted)")
            case .usage(let message), .connection(let message): errors.line("(error) \(place)\(message)")
            }
        }
        return result.quit
    }

    /// Handles what woke the loop: pushed messages print here; Ctrl-C does `onInterrupt`.
    private func handleWake(onInterrupt: () -> Void) {
        for reason in wake.drain() {
            switch reason {
            case Wake.interrupt:
                onInterrupt()
            case Wake.push:
                let bytes = pushes.take()
                guard !bytes.isEmpty else { continue }
                if promptShowing {
                    LineEditor.printAbove { FileDescriptorSink.standardOutput.write(bytes) }
                } else {
                    FileDescriptorSink.standardOutput.write(bytes)
                }
            default:
                continue
            }
        }
    }

    private func record(_ line: String) {
        guard HistoryPolicy.mayRecord(line) else { return }
        LineEditor.addHistory(line)
        do {
            try history.append(line)
        } catch {
            errors.line("(history not saved: \(error))")
        }
    }

    /// TAB: dot-commands, command names and subcommands, then key names by a bounded SCAN.
    private func complete(line: String, word: String) -> [String] {
        let trimmed = line.drop { $0 == " " }
        if trimmed.hasPrefix(".") {
            let words = trimmed.split(separator: " ", omittingEmptySubsequences: false)
            if words.count <= 1 { return DotCommand.all.map { "." + $0.name }.filter { $0.hasPrefix(word) } }
            let options = DotCommand.named(String(words[0].dropFirst()))?.completions ?? []
            return options.filter { $0.hasPrefix(word.lowercased()) }
        }
        let words = trimmed.split(separator: " ", omittingEmptySubsequences: false)
        let lowercase = word.first?.isLowercase ?? false
        if words.count <= 2 {
            // Names from the server's COMMAND LIST (modules included), else the built-in table.
            let names = blockOn { [session] in await session.commandNames() }
            let typed = words.count == 1 ? word.uppercased() : "\(words[0].uppercased()) \(word.uppercased())"
            let matches = names.filter { $0.hasPrefix(typed) && $0.split(separator: " ").count == words.count }
                .compactMap { $0.split(separator: " ").last.map(String.init) }
            if !matches.isEmpty || words.count == 1 { return matches.map { lowercase ? $0.lowercased() : $0 } }
        }
        return blockOn { [session] in await session.keyNames(startingWith: word) }
    }

    /// Asks on the terminal (while no readline prompt is up); anything but y/yes is no,
    /// and so is Ctrl-C.
    static func askYesNo(_ question: String, interrupts: SharedCounter) -> Bool {
        FileDescriptorSink.standardError.write("\(question) [y/N] ")
        let before = interrupts.value
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 1, 100) <= 0 {
                if interrupts.value != before {
                    FileDescriptorSink.standardError.write("\n")
                    return false
                }
                continue
            }
            guard read(0, &byte, 1) == 1, byte != UInt8(ascii: "\n") else { break }
            bytes.append(byte)
        }
        let answer = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " \t\r").lowercased()
        return answer == "y" || answer == "yes"
    }
}

/// Runs async work from the REPL thread and waits for it.
func blockOn<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let semaphore = DispatchSemaphore(value: 0)
    Task.detached {
        box.set(await body())
        semaphore.signal()
    }
    semaphore.wait()
    return box.get()!
}

/// A value handed from a task to a waiting thread.
final class ResultBox<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)

    func set(_ newValue: T) {
        value.withLock { $0 = newValue }
    }

    func get() -> T? {
        value.withLock { $0 }
    }
}
