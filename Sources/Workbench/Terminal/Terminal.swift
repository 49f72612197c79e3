import Dispatch
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The terminal while a full-screen view (`rwb top`) owns it: the alternate screen, no
/// cursor, keys read one at a time without echo; and everything put back on the way out,
/// however the view ends (`restore` is idempotent and also runs from ExitCleanup).
final class Terminal: Sendable {
    private let saved: Mutex<termios?> = Mutex(nil)

    /// Only on a terminal, for both input and output.
    init?() {
        guard isatty(0) == 1, isatty(1) == 1 else { return nil }
    }

    func enter() {
        var settings = termios()
        guard tcgetattr(0, &settings) == 0 else { return }
        saved.withLock { $0 = settings }
        var raw = settings
        // Keys arrive one at a time and are not echoed; Ctrl-C still sends SIGINT.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(0, TCSANOW, &raw)
        FileDescriptorSink.standardOutput.write("\u{1B}[?1049h\u{1B}[?25l")
        ExitCleanup.onExit { [weak self] in self?.restore() }
    }

    func restore() {
        guard
            var settings = saved.withLock({ state -> termios? in
                defer { state = nil }
                return state
            })
        else { return }
        tcsetattr(0, TCSANOW, &settings)
        FileDescriptorSink.standardOutput.write("\u{1B}[?25h\u{1B}[?1049l")
    }

    /// Columns and rows now (read on every frame, so a resized window reflows).
    var size: (columns: Int, rows: Int) {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return (80, 24) }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Replaces the screen with `lines`, each cut to the width.
    func draw(_ lines: [String]) {
        let (columns, rows) = size
        var frame = "\u{1B}[H"
        for line in lines.prefix(rows) { frame += String(line.prefix(columns)) + "\u{1B}[K\r\n" }
        frame += "\u{1B}[J"
        FileDescriptorSink.standardOutput.write(frame)
    }

    /// A key pressed within `timeout`, or nil. Waits on another thread, not the caller's.
    func key(within timeout: Duration) async -> UInt8? {
        let milliseconds = Int32(max(0, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
                var byte: UInt8 = 0
                if poll(&descriptor, 1, milliseconds) > 0, read(0, &byte, 1) == 1 {
                    continuation.resume(returning: byte)
                } else {
                    continuation.resume(returning: nil)
                }
            }
        }
    }
}
