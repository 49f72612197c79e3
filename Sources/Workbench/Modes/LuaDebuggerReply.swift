import RESP
import ReplyFormat

/// How a reply reads during a Lua debugging session (`--ldb`), as redis-cli prints it: the
/// server answers each debugger command with an array of status lines (`ldbSendLogs` in
/// redis `eval.c`), printed one a line, each coloured by its prefix on a colour terminal
/// (`sdsCatColorizedLdbReply` in `redis-cli.c`). A line that starts with `<endsession>` is
/// not printed: it says the script finished, and that the EVAL's own reply comes next.
/// Pure, so the layout is tested without a server.
public enum LuaDebuggerReply {
    /// What one reply prints, and whether it ended the session.
    public struct Formatted: Equatable, Sendable {
        public var text: [UInt8]
        public var endsSession: Bool
    }

    /// redis-cli's colours for the debugger's lines: an SGR code and whether it is bold.
    enum Color: Equatable {
        case white, bold, green, cyan, red, yellow, magenta

        var escape: String {
            switch self {
            case .white: "\u{1b}[0;37;49m"
            case .bold: "\u{1b}[1;37;49m"
            case .green: "\u{1b}[0;32;49m"
            case .cyan: "\u{1b}[0;36;49m"
            case .red: "\u{1b}[0;31;49m"
            case .yellow: "\u{1b}[0;33;49m"
            case .magenta: "\u{1b}[0;35;49m"
            }
        }
    }

    static let endMark = Array("<endsession>".utf8)

    /// The reply as redis-cli's raw output prints it in a session: the elements of an array
    /// one a line (status lines coloured when `colored`), then a newline. A reply that is not
    /// the debugger's array of status lines (the EVAL's, when the debugger could not stop it)
    /// prints as `--raw` would.
    public static func format(_ reply: RESPValue, colored: Bool) -> Formatted {
        var endsSession = false
        var text: [UInt8] = []
        let elements: [RESPValue]
        if case .array(let values) = reply { elements = values } else { elements = [reply] }
        for (index, element) in elements.enumerated() {
            if index > 0 { text.append(UInt8(ascii: "\n")) }
            guard case .simpleString(let line) = element else {
                text += ReplyFormatter(mode: .raw, rawReplyDelimiter: []).format(element)
                continue
            }
            // redis-cli prints the mark as nothing, its newline kept: a blank line before the result.
            if Array(line.utf8).starts(with: endMark) {
                endsSession = true
                continue
            }
            text += Array((colored ? colorize(line) : line).utf8)
        }
        text.append(UInt8(ascii: "\n"))
        return Formatted(text: text, endsSession: endsSession)
    }

    /// The line in its colour and then the reset, as redis-cli writes it.
    static func colorize(_ line: String) -> String {
        color(of: line).escape + line + "\u{1b}[0m"
    }

    /// redis-cli's rule, checks in its order (a later match wins): the tag anywhere in the
    /// line picks the colour, then a source line (`->N`, the current one; `  #N`, a
    /// breakpoint) overrides it.
    static func color(of line: String) -> Color {
        var color = Color.white
        if line.contains("<debug>") { color = .bold }
        if line.contains("<redis>") { color = .green }
        if line.contains("<reply>") { color = .cyan }
        if line.contains("<error>") { color = .red }
        if line.contains("<hint>") { color = .bold }
        if line.contains("<value>") || line.contains("<retval>") { color = .magenta }
        let bytes = Array(line.utf8)
        if bytes.count > 4, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[3]) {
            if bytes[1] == UInt8(ascii: ">") {
                color = .yellow
            } else if bytes[2] == UInt8(ascii: "#") {
                color = .bold
            }
        }
        return color
    }

    /// Whether a terminal takes redis-cli's colours: it colours when TERM names an xterm;
    /// rwb also asks that the output be a terminal, so a transcript has no escape codes.
    public static func usesColor(term: String?, outputIsTerminal: Bool) -> Bool {
        outputIsTerminal && (term?.contains("xterm") ?? false)
    }
}
