#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `--askpass`: the password typed once at redis-cli's prompt, each character shown as `*`
/// and never echoed (so never in the terminal's scrollback, a history file or `ps`). On a
/// terminal the prompt goes to stderr (stdout stays the replies'); from a pipe, the first
/// line of stdin is the password, as redis-cli reads it there.
enum PasswordPrompt {
    /// Asked the first time a connection is resolved; every later one reuses it.
    static let answer: String = read()

    static let prompt = "Please input password: "

    private static func read() -> String {
        guard isatty(0) == 1 else { return readLine(strippingNewline: true) ?? "" }
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return readLine(strippingNewline: true) ?? "" }
        var masked = saved
        // One byte at a time, no echo, and Ctrl-C as a byte: the terminal is put back
        // before the process ends, whatever key ends the prompt.
        masked.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        tcsetattr(0, TCSAFLUSH, &masked)
        let errors = FileDescriptorSink.standardError
        errors.write(prompt)
        var typed: [UInt8] = []
        var interrupted = false
        reading: while true {
            var byte: UInt8 = 0
            guard Glibc.read(0, &byte, 1) == 1 else { break }
            switch byte {
            case 0x0D, 0x0A, 0x04: break reading
            case 0x03:
                interrupted = true
                break reading
            case 0x7F, 0x08:
                guard !typed.isEmpty else { continue }
                // A whole character: its UTF-8 continuation bytes go with it.
                while let last = typed.popLast(), last & 0xC0 == 0x80 {}
                errors.write("\u{8} \u{8}")
            default:
                typed.append(byte)
                if byte & 0xC0 != 0x80 { errors.write("*") }
            }
        }
        tcsetattr(0, TCSAFLUSH, &saved)
        errors.write("\n")
        if interrupted { exit(130) }
        return String(decoding: typed, as: UTF8.self)
    }
}
