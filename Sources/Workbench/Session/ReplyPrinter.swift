import RESP
import ReplyFormat

/// Prints replies in the session's mode, with `(0.12s)` after slow ones (or every one with
/// `.timing on`) on a terminal.
struct ReplyPrinter: Sendable {
    var mode: OutputMode
    var timing = false
    /// Replies slower than this show their time even with timing off.
    static let slow: Duration = .milliseconds(500)

    func print(_ reply: RESPValue, command: RedisCommand, elapsed: Duration, to output: OutputSink) {
        output.write(ReplyFormatter(mode: mode).format(reply, command: command))
        if mode == .tty && (timing || elapsed >= Self.slow) {
            output.line("(\(Self.seconds(elapsed))s)")
        }
    }

    func push(_ message: RESPValue) -> [UInt8] {
        ReplyFormatter(mode: mode).formatPush(message)
    }

    /// `1.23`: seconds with two decimals, truncated.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let hundredths = seconds * 100 + attoseconds / 10_000_000_000_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
