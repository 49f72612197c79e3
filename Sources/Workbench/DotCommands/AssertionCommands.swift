import RESP
import ReplyFormat

/// `.expect`, `.expect-type` and `.expect-error`: checks on the last reply. A failed one is
/// a failure of the script (`FILE:LINE: expected …, got …`).
extension DotCommand {
    static let assertionCommands: [DotCommand] = [
        DotCommand(
            name: "expect", synopsis: ".expect TEXT | lab.PATH OP V",
            summary: "assert on the last reply (as raw mode prints it) or lab report",
            isAssertion: true, check: LabAssertion.problem
        ) { call in
            let words = call.words
            if let first = words.first, first.hasPrefix("lab.") {
                return LabAssertion.check(words, report: await call.session.lastLabReport)
            }
            // A single quoted word is unquoted (so "\n" escapes work); otherwise the text as written.
            let text = call.text
            let expected = words.count == 1 && (text.hasPrefix("\"") || text.hasPrefix("'")) ? words[0] : text
            guard let reply = await call.session.lastReply else { return Assertions.noReply("\(Assertions.quoted(expected))") }
            let actual = Assertions.rawText(of: reply)
            if actual == expected { return LineResult() }
            return LineResult(failure: .assertion("expected \(Assertions.quoted(expected)), got \(Assertions.quoted(actual))"))
        },
        DotCommand(
            name: "expect-type", synopsis: ".expect-type TYPE", summary: "string|integer|nil|array|map|set|double|boolean|error",
            completions: Assertions.knownTypes.sorted(), isAssertion: true, check: Assertions.checkType
        ) { call in
            if let problem = Assertions.checkType(call.words) { return LineResult(failure: .usage(problem)) }
            let wanted = Assertions.typeName(call.words[0])
            guard let reply = await call.session.lastReply else { return Assertions.noReply("a reply of type \(wanted)") }
            if reply.typeName == wanted { return LineResult() }
            return LineResult(
                failure: .assertion(
                    "expected a reply of type \(wanted), got \(reply.typeName): \(Assertions.quoted(Assertions.rawText(of: reply)))"))
        },
        DotCommand(
            name: "expect-error", synopsis: ".expect-error [SUBSTRING]", summary: "the last reply was an error (containing SUBSTRING)",
            isAssertion: true
        ) { call in
            let substring = call.words.joined(separator: " ")
            guard let reply = await call.session.lastReply else { return Assertions.noReply("an error") }
            guard let message = reply.errorMessage else {
                return LineResult(
                    failure: .assertion(
                        "expected an error\(substring.isEmpty ? "" : " containing \(Assertions.quoted(substring))"), got \(reply.typeName): \(Assertions.quoted(Assertions.rawText(of: reply)))"
                    ))
            }
            if substring.isEmpty || message.contains(substring) { return LineResult() }
            return LineResult(
                failure: .assertion("expected an error containing \(Assertions.quoted(substring)), got \(Assertions.quoted(message))"))
        },
    ]
}

/// What the assertions share: reply text, type names, messages.
enum Assertions {
    static func checkType(_ words: [String]) -> String? {
        guard words.count == 1 else { return "usage: .expect-type string|integer|nil|array|map|set|double|boolean|error" }
        guard knownTypes.contains(typeName(words[0])) else {
            return "unknown type '\(words[0])': one of \(knownTypes.sorted().joined(separator: ", "))"
        }
        return nil
    }

    static func typeName(_ word: String) -> String {
        word.lowercased() == "null" ? "nil" : word.lowercased()
    }

    static let knownTypes: Set<String> = [
        "string", "integer", "nil", "array", "map", "set", "double", "boolean", "error", "bignumber", "push",
    ]

    /// The reply as `--raw` prints it, without the final newline: what `.expect TEXT` compares.
    static func rawText(of reply: RESPValue) -> String {
        if let message = reply.errorMessage { return message }
        var bytes = ReplyFormatter(mode: .raw).format(reply)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func noReply(_ expected: String) -> LineResult {
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
