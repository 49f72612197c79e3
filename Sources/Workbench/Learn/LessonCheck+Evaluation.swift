import Labs
import RESP
import ReplyFormat

/// What a check may look at: the session's state after the student's line.
struct CheckContext: Sendable {
    var lastReply: RESPValue?
    var labReport: ReportValue?
    /// Commands the student sent since the step opened, as words.
    var sent: [[String]]
    var answer: String?
    /// Sends a command on the session's connection (key checks read the keys).
    var send: @Sendable (RESPCommandWords) async throws -> RESPValue
}

/// The words of a command a check sends.
typealias RESPCommandWords = [String]

extension LessonCheck {
    /// Nil when the check holds; otherwise what was found, in a sentence for the student.
    func failure(in context: CheckContext) async -> String? {
        do {
            switch subject {
            case .sent(let pattern):
                if context.sent.contains(where: { Self.matches($0, pattern) }) { return nil }
                return "no \(pattern.joined(separator: " ")) was sent in this step"
            case .key(let key, .exists), .key(let key, .missing):
                let count = try await context.send(["EXISTS", key]).int ?? 0
                let wantsExisting = subject == .key(key, .exists)
                if (count == 1) == wantsExisting { return nil }
                return wantsExisting ? "\(key) does not exist" : "\(key) still exists"
            default:
                guard let comparison else { return "\(text): nothing to compare" }
                let (actual, shown) = try await observed(in: context)
                let wanted = try Self.resolve(comparison, report: context.labReport)
                let lowered = subject == .answer
                let check = try ReportComparison(words: lowered ? wanted.map { $0.lowercased() } : wanted)
                if subject == .replyError {
                    guard let message = context.lastReply?.errorMessage else { return "the last reply is not an error: \(shown)" }
                    return wanted[1].isEmpty || message.contains(wanted[1]) ? nil : "the error is \(Assertions.quoted(message))"
                }
                if check.holds(for: lowered ? Self.number(actual.lowercased()) : Self.number(actual)) { return nil }
                // What an answer should be is the question itself: the hints and, on the third
                // try, the answer say it, never the first refusal.
                if subject == .answer { return "\(shown) is not the answer" }
                return "\(describedSubject) is \(shown); wanted \(wanted.joined(separator: " "))"
            }
        } catch let problem as LessonProblem {
            return problem.description
        } catch {
            return "\(text): \(error)"
        }
    }

    /// A value as the student saw it, and as it reads in a message.
    func observed(in context: CheckContext) async throws -> (String, String) {
        switch subject {
        case .reply, .replyError:
            guard let reply = context.lastReply else { throw LessonProblem("no reply yet (no command has answered)") }
            let text = Assertions.rawText(of: reply)
            return (text, Assertions.quoted(text))
        case .replyType:
            guard let reply = context.lastReply else { throw LessonProblem("no reply yet (no command has answered)") }
            return (reply.typeName, reply.typeName)
        case .replyLine(let index):
            guard let reply = context.lastReply else { throw LessonProblem("no reply yet (no command has answered)") }
            let lines = Assertions.rawText(of: reply).split(separator: "\n", omittingEmptySubsequences: false)
            guard reply.elements != nil || reply.isMap, index < lines.count else {
                throw LessonProblem("the last reply is \(Assertions.quoted(Assertions.rawText(of: reply))), which has no line \(index)")
            }
            let line = String(lines[index])
            return (line, Assertions.quoted(line))
        case .replyCount:
            guard let reply = context.lastReply else { throw LessonProblem("no reply yet (no command has answered)") }
            if case .null = reply { return ("0", "0 (nil)") }
            guard let count = reply.elements?.count ?? reply.mapCount else {
                let article = "aeiou".contains(reply.typeName.prefix(1)) ? "an" : "a"
                throw LessonProblem("the last reply is \(article) \(reply.typeName), not a list")
            }
            return (String(count), String(count))
        case .answer:
            guard let answer = context.answer else { throw LessonProblem("no answer yet: type .answer TEXT") }
            let normalized = Self.normalizedAnswer(answer)
            return (normalized, Assertions.quoted(answer))
        case .lab(let path):
            guard let report = context.labReport else { throw LessonProblem("no lab has run yet") }
            let value = try ReportPath(path).resolve(in: report)
            return (value.text, value.text)
        case .key(let key, let facet):
            return try await Self.read(facet, of: key, send: context.send)
        case .sent:
            return ("", "")
        }
    }

    private static func read(
        _ facet: KeyFacet, of key: String, send: @Sendable (RESPCommandWords) async throws -> RESPValue
    ) async throws -> (String, String) {
        func text(_ reply: RESPValue) throws -> String {
            if let message = reply.errorMessage { throw LessonProblem("\(key): \(message)") }
            if case .null = reply { return "(nil)" }
            return Assertions.rawText(of: reply)
        }
        switch facet {
        case .type:
            let type = try text(try await send(["TYPE", key]))
            return (type, type == "none" ? "none (no such key)" : type)
        case .value:
            let type = try text(try await send(["TYPE", key]))
            guard type == "string" || type == "none" else { throw LessonProblem("\(key) holds a \(type), not a string") }
            let value = try text(try await send(["GET", key]))
            return (value, type == "none" ? "(nil): no such key" : Assertions.quoted(value))
        case .ttl:
            let ttl = try text(try await send(["TTL", key]))
            let note = ttl == "-1" ? " (no expiry)" : ttl == "-2" ? " (no such key)" : ""
            return (ttl, ttl + note)
        case .encoding:
            let reply = try await send(["OBJECT", "ENCODING", key])
            if case .null = reply { return ("none", "none (no such key)") }
            let encoding = try text(reply)
            return (encoding, encoding)
        case .length:
            let type = try text(try await send(["TYPE", key]))
            let command: [String: String] = [
                "string": "STRLEN", "list": "LLEN", "hash": "HLEN", "set": "SCARD", "zset": "ZCARD", "stream": "XLEN",
            ]
            guard let name = command[type] else { return ("0", type == "none" ? "0 (no such key)" : "0") }
            let length = try text(try await send([name, key]))
            return (length, length)
        case .field(let field):
            let value = try text(try await send(["HGET", key, field]))
            return (value, value == "(nil)" ? "(nil): no such field" : Assertions.quoted(value))
        case .score(let member):
            let value = try text(try await send(["ZSCORE", key, member]))
            return (value, value == "(nil)" ? "(nil): no such member" : value)
        case .exists, .missing:
            return ("", "")
        }
    }

    /// `key rwb:x ttl`, `the last reply`, `your answer`: the subject in a sentence.
    var describedSubject: String {
        switch subject {
        case .reply: return "the last reply"
        case .replyLine(let index): return "line \(index) of the last reply"
        case .replyCount: return "the number of elements of the last reply"
        case .replyType: return "the last reply's type"
        case .replyError: return "the last error"
        case .answer: return "your answer"
        case .lab(let path): return "lab.\(path)"
        case .sent: return "what was sent"
        case .key(let key, let facet):
            switch facet {
            case .field(let field): return "field \(field) of \(key)"
            case .score(let member): return "the score of \(member) in \(key)"
            case .length: return "the length of \(key)"
            case .type: return "the type of \(key)"
            case .value: return "the value of \(key)"
            case .ttl: return "the TTL of \(key)"
            case .encoding: return "the encoding of \(key)"
            case .exists, .missing: return key
            }
        }
    }

    /// The comparison's words with a `lab.PATH` operand replaced by the report's value.
    static func resolve(_ comparison: Comparison, report: ReportValue?) throws -> [String] {
        var words = comparison.words
        guard words.count >= 2, words[1].hasPrefix("lab.") else { return words }
        guard let report else { throw LessonProblem("no lab has run yet: the check compares with \(words[1])") }
        words[1] = try ReportPath(String(words[1].dropFirst(4))).resolve(in: report).text
        return words
    }

    /// A reply or answer as a report value: numbers compare as numbers.
    static func number(_ text: String) -> ReportValue {
        if let integer = Int64(text) { return .int(integer) }
        if let double = Double(text), double.isFinite { return .double(double) }
        return .string(text)
    }

    /// An answer as typed, trimmed, with a number's thousands separators and a trailing
    /// `%` dropped: `1,000` and `1000` are the same answer.
    static func normalizedAnswer(_ answer: String) -> String {
        let trimmed = answer.trimmingCharacters(in: " \t")
        var digits = trimmed.replacingAll(",", with: "").replacingAll("_", with: "")
        if digits.hasSuffix("%") { digits.removeLast() }
        return Double(digits) != nil ? digits : trimmed
    }

    /// Whether sent words match a pattern: the command name without regard to case, `*`
    /// any one argument, a last `...` any rest.
    static func matches(_ sent: [String], _ pattern: [String]) -> Bool {
        var pattern = pattern
        let open = pattern.last == "..."
        if open { pattern.removeLast() }
        guard open ? sent.count >= pattern.count : sent.count == pattern.count else { return false }
        for (index, wanted) in pattern.enumerated() {
            if wanted == "*" { continue }
            let word = sent[index]
            if index == 0 ? word.lowercased() != wanted.lowercased() : word != wanted { return false }
        }
        return true
    }
}

extension RESPValue {
    /// A map reply (RESP3), which raw mode prints as key and value lines.
    fileprivate var isMap: Bool { mapCount != nil }

    /// A map's number of pairs; nil for anything else.
    fileprivate var mapCount: Int? {
        switch self {
        case .map(let pairs): return pairs.count
        case .attribute(_, let value): return value.mapCount
        default: return nil
        }
    }
}
