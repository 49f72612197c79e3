/// What a line typed at the `lua debugger> ` prompt asks for, by redis-cli's rules (`repl`
/// and `cliSplitArgs` in `redis-cli.c`): `quit`/`exit` leave, `restart` runs the script again
/// from the start, `clear` clears the screen, a leading number repeats the command, and
/// `eval CODE` / `e CODE` send CODE verbatim as one argument. Everything else is split into
/// words as the REPL splits a line and sent to the debugger. Pure, so it is tested without
/// a server.
public enum LuaDebuggerInput: Equatable, Sendable {
    case nothing
    case quit
    case restart
    case clear
    /// The words to send, and how many times (a `3 step` line).
    case send([[UInt8]], times: Int)
    /// A line not sent, and why (redis-cli's words where it has them).
    case refused(String)

    /// The server's debugger reads each argument as 1 to 1024 bytes and at most 1024 of them
    /// (`ldbReplParseCommand`); anything else is a protocol error that aborts the script, so
    /// such a line is refused here and the session kept.
    static let argumentBytes = 1...1024
    static let maxArguments = 1024
    /// redis-cli takes any positive count; a million steps is already more than a session.
    static let repeatRange = 1...1_000_000

    public static func parse(_ line: String) -> LuaDebuggerInput {
        let words: [[UInt8]]
        if line.hasPrefix("eval ") || line.hasPrefix("e ") {
            // The Lua code is one argument, spaces and quotes as typed.
            let verb = line.hasPrefix("e ") ? "e" : "eval"
            words = [Array(verb.utf8), Array(line.utf8.dropFirst(verb.utf8.count + 1))]
        } else {
            do {
                words = try CommandLineSplitter.split(line)
            } catch {
                return .refused("Invalid argument(s)")
            }
        }
        guard let first = words.first else { return .nothing }
        switch String(decoding: first, as: UTF8.self).lowercased() {
        case "quit", "exit": return .quit
        case "restart": return .restart
        case "clear" where words.count == 1: return .clear
        default: break
        }
        var times = 1
        var command = words
        if words.count > 1, let count = repeatCount(first) {
            guard repeatRange.contains(count) else { return .refused("Invalid redis-cli repeat command option value.") }
            times = count
            command.removeFirst()
        }
        if command.count > maxArguments { return .refused("(error) the Lua debugger takes at most \(maxArguments) arguments") }
        if let word = command.first(where: { !argumentBytes.contains($0.count) }) {
            let what = word.isEmpty ? "an empty argument" : "an argument of \(word.count) bytes"
            return .refused("(error) the Lua debugger takes arguments of 1 to 1024 bytes, not \(what) (it would abort the script)")
        }
        return .send(command, times: times)
    }

    /// A word that is all digits (a sign allowed, as strtol reads it) is a repeat count;
    /// -1 for one that is numeric but out of range, so it is refused rather than sent.
    static func repeatCount(_ word: [UInt8]) -> Int? {
        let digits = word.first == UInt8(ascii: "+") || word.first == UInt8(ascii: "-") ? word.dropFirst() : word[...]
        guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        guard let count = Int(String(decoding: word, as: UTF8.self)) else { return -1 }
        return count
    }
}
