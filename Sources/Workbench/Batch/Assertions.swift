import RESP
import ReplyFormat

/// `.expect`, `.expect-type` and `.expect-error`: checks on the last reply.
enum Assertions {
    static func check(_ command: DotCommand, words: [String], text: String, lastReply: RESPValue?) -> LineResult {
        switch command {
        case .expect:
            if let first = words.first, first.hasPrefix("lab.") {
                return LineResult(failure: .usage("no lab report yet: `.expect lab.FIELD` needs a lab run first (labs arrive with their own issue)"))
            }
            // A single quoted word is unquoted (so "\n" escapes work); otherwise the text as written.
            let expected = words.count == 1 && (text.hasPrefix("\"") || text.hasPrefix("'")) ? words[0] : text
            guard let reply = lastReply else { return noReply("\(quoted(expected))") }
            let actual = rawText(of: reply)
            if actual == expected { return LineResult() }
            return LineResult(failure: .assertion("expected \(quoted(expected)), got \(quoted(actual))"))
        case .expectType:
            guard words.count == 1 else { return LineResult(failure: .usage("usage: .expect-type string|integer|nil|array|map|set|double|boolean|error")) }
            let wanted = words[0].lowercased() == "null" ? "nil" : words[0].lowercased()
            guard knownTypes.contains(wanted) else {
                return LineResult(failure: .usage("unknown type '\(words[0])': one of \(knownTypes.sorted().joined(separator: ", "))"))
            }
            guard let reply = lastReply else { return noReply("a reply of type \(wanted)") }
            if reply.typeName == wanted { return LineResult() }
            return LineResult(failure: .assertion("expected a reply of type \(wanted), got \(reply.typeName): \(quoted(rawText(of: reply)))"))
        case .expectError:
            let substring = words.joined(separator: " ")
            guard let reply = lastReply else { return noReply("an error") }
            guard let message = reply.errorMessage else {
                return LineResult(failure: .assertion("expected an error\(substring.isEmpty ? "" : " containing \(quoted(substring))"), got \(reply.typeName): \(quoted(rawText(of: reply)))"))
            }
            if substring.isEmpty || message.contains(substring) { return LineResult() }
            return LineResult(failure: .assertion("expected an error containing \(quoted(substring)), got \(quoted(message))"))
        default:
            return LineResult(failure: .usage("not an assertion: .\(command.rawValue)"))
        }
    }

    static let knownTypes: Set<String> = ["string", "integer", "nil", "array", "map", "set", "double", "boolean", "error", "bignumber", "push"]

    /// The reply as `--raw` prints it, without the final newline: what `.expect TEXT` compares.
    static func rawText(of reply: RESPValue) -> String {
        if let message = reply.errorMessage { return message }
        var bytes = ReplyFormatter(mode: .raw).format(reply)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func noReply(_ expected: String) -> LineResult {
        LineResult(failure: .assertion("expected \(expected), but no reply came (no command ran, or the last one failed)"))
    }

    /// Text in double quotes with newlines and quotes escaped, for one-line messages.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
