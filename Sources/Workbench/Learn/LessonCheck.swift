import Labs
import RESP

/// One `.check` of a lesson step: what it looks at (the last reply, a key the student left,
/// the last lab report, the commands the student sent, the answer to a question) and what
/// it wants. Checks look at what happened, never at what was typed: `SET k v EX 60` and
/// `SET k v` + `EXPIRE k 60` pass the same `key k ttl <= 60`.
struct LessonCheck: Sendable {
    enum Subject: Sendable, Equatable {
        /// The last reply as raw mode prints it (`.expect`'s text).
        case reply
        /// One line of that text (`reply[0]`): an element of a flat list reply, WITHSCORES'
        /// member and score, BRPOP's key and value.
        case replyLine(Int)
        /// How many elements an aggregate reply holds (a map's pairs); 0 for nil.
        case replyCount
        case replyType
        /// The last reply is an error containing the operand.
        case replyError
        case key(String, KeyFacet)
        /// A path into the last lab report (`lab.summary.hits`).
        case lab(String)
        /// A command in the session's log of sent commands: words, `*` for any one
        /// argument, a last `...` for any rest.
        case sent([String])
        /// What the student gave with `.answer TEXT`.
        case answer
    }

    enum KeyFacet: Sendable, Equatable {
        case exists, missing, type, value, ttl, encoding, length
        case field(String)
        case score(String)
    }

    /// `OP VALUE [±T]`, VALUE a literal or `lab.PATH` (read when the check runs).
    struct Comparison: Sendable, CustomStringConvertible {
        var words: [String]

        var description: String { words.joined(separator: " ") }
    }

    var subject: Subject
    var comparison: Comparison?
    /// The check as written, for messages.
    var text: String

    static let synopsis =
        ".check reply|reply[N]|reply-count|answer OP VALUE | reply-type TYPE | reply-error [TEXT] | key KEY exists|missing | key KEY type|value|ttl|encoding|len OP VALUE | key KEY field F OP VALUE | key KEY score MEMBER OP VALUE | lab.PATH OP VALUE | sent COMMAND [ARG|*] [...]"

    /// Parses the words after `.check`.
    static func parse(_ words: [String]) -> Result<LessonCheck, LessonProblem> {
        let text = words.joined(separator: " ")
        func comparison(_ rest: ArraySlice<String>) -> Result<Comparison, LessonProblem> {
            let words = Array(rest)
            guard let operand = words.dropFirst().first else { return .failure(LessonProblem("\(text): expected OP VALUE")) }
            if operand.hasPrefix("lab.") {
                do {
                    _ = try ReportPath(String(operand.dropFirst(4)))
                    _ = try ReportComparison(words: [words[0], "0"] + words.dropFirst(2))
                } catch {
                    return .failure(LessonProblem("\(text): \(error)"))
                }
            } else {
                do {
                    _ = try ReportComparison(words: words)
                } catch {
                    return .failure(LessonProblem("\(text): \(error)"))
                }
            }
            return .success(Comparison(words: words))
        }
        func make(_ subject: Subject, _ rest: ArraySlice<String>) -> Result<LessonCheck, LessonProblem> {
            comparison(rest).map { LessonCheck(subject: subject, comparison: $0, text: text) }
        }
        guard let first = words.first else { return .failure(LessonProblem("usage: \(synopsis)")) }
        if let index = replyLineIndex(first) {
            guard index >= 0 else { return .failure(LessonProblem("\(first): reply[N] with N from 0")) }
            return make(.replyLine(index), words.dropFirst())
        }
        switch first.lowercased() {
        case "reply": return make(.reply, words.dropFirst())
        case "reply-count": return make(.replyCount, words.dropFirst())
        case "answer": return make(.answer, words.dropFirst())
        case "reply-type":
            if let problem = Assertions.checkType(Array(words.dropFirst())) { return .failure(LessonProblem(problem)) }
            return .success(
                LessonCheck(subject: .replyType, comparison: Comparison(words: ["==", Assertions.typeName(words[1])]), text: text))
        case "reply-error":
            let wanted = words.dropFirst().joined(separator: " ")
            return .success(LessonCheck(subject: .replyError, comparison: Comparison(words: ["==", wanted]), text: text))
        case "sent":
            guard words.count > 1 else { return .failure(LessonProblem("\(text): sent needs a command")) }
            return .success(LessonCheck(subject: .sent(Array(words.dropFirst())), comparison: nil, text: text))
        case "key":
            return parseKey(words, text: text, make: make)
        default:
            guard first.hasPrefix("lab.") else { return .failure(LessonProblem("unknown check '\(first)'; usage: \(synopsis)")) }
            do {
                _ = try ReportPath(String(first.dropFirst(4)))
            } catch {
                return .failure(LessonProblem("\(first): \(error)"))
            }
            return make(.lab(String(first.dropFirst(4))), words.dropFirst())
        }
    }

    private static func parseKey(
        _ words: [String], text: String, make: (Subject, ArraySlice<String>) -> Result<LessonCheck, LessonProblem>
    ) -> Result<LessonCheck, LessonProblem> {
        guard words.count >= 3 else { return .failure(LessonProblem("\(text): expected key KEY FACET …")) }
        let key = words[1]
        let rest = words.dropFirst(3)
        switch words[2].lowercased() {
        case "exists", "missing":
            guard rest.isEmpty else { return .failure(LessonProblem("\(text): nothing follows \(words[2])")) }
            return .success(
                LessonCheck(subject: .key(key, words[2].lowercased() == "exists" ? .exists : .missing), comparison: nil, text: text))
        case "type": return make(.key(key, .type), rest)
        case "value": return make(.key(key, .value), rest)
        case "ttl": return make(.key(key, .ttl), rest)
        case "encoding": return make(.key(key, .encoding), rest)
        case "len": return make(.key(key, .length), rest)
        case "field", "score":
            guard let name = rest.first else { return .failure(LessonProblem("\(text): \(words[2]) needs a name")) }
            return make(.key(key, words[2].lowercased() == "field" ? .field(name) : .score(name)), rest.dropFirst())
        default:
            return .failure(
                LessonProblem("\(text): '\(words[2])' is not one of exists, missing, type, value, ttl, encoding, len, field, score"))
        }
    }

    /// N of `reply[N]`, or nil for another word (-1 for an N that is not a number).
    private static func replyLineIndex(_ word: String) -> Int? {
        guard word.lowercased().hasPrefix("reply["), word.hasSuffix("]") else { return nil }
        return Int(word.dropFirst(6).dropLast()).flatMap { $0 <= 1_000_000 ? $0 : nil } ?? -1
    }

    /// The key this check reads, if any (a lesson's keys must be under its prefix).
    var key: String? {
        if case .key(let key, _) = subject { return key }
        return nil
    }
}

/// A problem in a lesson's text, or why a check failed.
public struct LessonProblem: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
