import RESP
import RedisClient

/// RESP bytes shown as text for `.trace`: CR and LF visible, binary as `\xHH`.
enum WireText {
    /// What `.trace` prints for one write or read. Commands that carry a secret (AUTH,
    /// HELLO … AUTH, ACL SETUSER, CONFIG SET requirepass …) are never shown: a trace is
    /// something people paste into tickets.
    static func traced(_ bytes: [UInt8], sent: Bool) -> String {
        guard sent, let (commands, _) = try? RESPDecoder.decodeAll(bytes) else { return escaped(bytes) }
        let secret = commands.contains { command in
            let words = command.elements?.compactMap(\.string) ?? []
            return Secrets.isSensitive(arguments: words)
        }
        return secret ? "(\(bytes.count) bytes hidden: a command carrying a password)" : escaped(bytes)
    }

    /// Where a REST endpoint's exchanges go: each line of the HTTP message (rendered, the
    /// token masked, by the client) after `-> ` or `<- `.
    static func httpLines(to errors: OutputSink) -> @Sendable (WireTracer.Direction, [String]) -> Void {
        { direction, lines in
            let arrow = direction == .sent ? "-> " : "<- "
            for line in lines { errors.line(arrow + line) }
        }
    }

    static func escaped(_ bytes: [UInt8], limit: Int = 4096) -> String {
        var text = ""
        for byte in bytes.prefix(limit) {
            switch byte {
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x20...0x7e: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + String(byte, radix: 16).leftPadded(to: 2)
            }
        }
        if bytes.count > limit { text += "… (\(bytes.count - limit) more bytes)" }
        return text
    }
}
