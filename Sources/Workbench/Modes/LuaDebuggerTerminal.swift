import CReadline

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Where the debugger's lines come from: readline (`LineEditor`, its history in memory only,
/// so debugger commands never reach the REPL's history file) when stdin is a terminal, else
/// plain lines with no prompt, as redis-cli's linenoise reads a pipe. Ctrl-C is watched for
/// (`interruptDescriptor` becomes readable) so a wait on the server can give up too.
final class LuaDebuggerTerminal {
    enum Line: Equatable {
        case text(String)
        /// Ctrl-D on an empty line, or the end of piped input.
        case end
        /// Ctrl-C at the prompt.
        case interrupted
    }

    private let wake = WakePipe()
    private let editing: Bool
    private let signals: SignalWatcher
    private var pending: [UInt8] = []
    /// Piped input gathered before a line is taken as ended: far over the 1024 arguments of
    /// 1024 bytes the server's debugger reads.
    static let lineLimit = 2 << 20

    init() {
        editing = isatty(0) == 1
        if editing { LineEditor.setUp() }
        let wake = self.wake
        signals = SignalWatcher(signals: [SIGINT]) { _ in wake.wake(UInt8(ascii: "i")) }
    }

    deinit { signals.cancel() }

    var interruptDescriptor: Int32 { wake.readEnd }

    /// Forgets a Ctrl-C that ended a wait, so the next prompt does not see it.
    func clearInterrupt() {
        _ = wake.drain()
    }

    func read(prompt: String) -> Line {
        editing ? edit(prompt: prompt) : readPlain()
    }

    func record(_ line: String) {
        if editing && !line.allSatisfy(\.isWhitespace) { LineEditor.addHistory(line) }
    }

    private func edit(prompt: String) -> Line {
        LineEditor.begin(prompt: prompt)
        while true {
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 { continue }  // EINTR
            if fds[1].revents != 0, !wake.drain().isEmpty {
                // As redis-cli's linenoise: Ctrl-C at the prompt ends the session. Removing
                // the handler puts the terminal back as it was.
                rl_free_line_state()
                rl_callback_handler_remove()
                FileDescriptorSink.standardOutput.write("\n")
                return .interrupted
            }
            guard fds[0].revents != 0, let finished = LineEditor.readAvailable() else { continue }
            guard let line = finished else {
                FileDescriptorSink.standardOutput.write("\n")
                return .end
            }
            return .text(line)
        }
    }

    private func readPlain() -> Line {
        while true {
            // A line longer than the server's debugger takes is cut here, and refused when parsed.
            if pending.count > Self.lineLimit, !pending.contains(UInt8(ascii: "\n")) { pending.append(UInt8(ascii: "\n")) }
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .text(String(decoding: line, as: UTF8.self))
            }
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 { continue }
            if fds[1].revents != 0, !wake.drain().isEmpty { return .interrupted }
            guard fds[0].revents != 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.read(0, &buffer, buffer.count)
            if count > 0 {
                pending += buffer[..<count]
            } else if count == 0 || errno != EINTR {
                // A last line without its newline still counts.
                guard !pending.isEmpty else { return .end }
                pending.append(UInt8(ascii: "\n"))
            }
        }
    }
}
