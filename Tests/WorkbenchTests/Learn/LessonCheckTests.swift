import Labs
import RESP
import Testing

@testable import Workbench

/// Checks on the reply, a lab report and the answer: each holds for the right thing and
/// fails, with a sentence that says what it found, for the wrong one. (Checks on keys read a
/// real server: `LessonTutorTests`.)
struct LessonCheckTests {
    private func check(_ text: String) throws -> LessonCheck {
        try LessonCheck.parse(text.split(separator: " ").map(String.init)).get()
    }

    /// The check's failure, or nil when it holds (a check that does not parse fails the test).
    private func verdict(_ text: String, _ context: CheckContext) async -> String? {
        guard let check = try? check(text) else {
            Issue.record("\(text) does not parse")
            return "unparsed"
        }
        return await check.failure(in: context)
    }

    private func context(reply: RESPValue? = nil, report: ReportValue? = nil, sent: [[String]] = [], answer: String? = nil) -> CheckContext
    {
        CheckContext(lastReply: reply, labReport: report, sent: sent, answer: answer) { _ in
            throw LessonProblem("no server in this test")
        }
    }

    static let report = ReportValue.object([
        .init("lab", .string("eviction")),
        .init(
            "results",
            .array([
                .object([.init("policy", .string("noeviction")), .init("oom_errors", .int(2076)), .init("hit_ratio", .double(0.5755))])
            ])),
    ])

    @Test func replyChecksCompareTheRawTextAndNumbers() async throws {
        #expect(await verdict("reply == hello", context(reply: .bulkString(RESPBytes(Array("hello".utf8))))) == nil)
        let wrong = await verdict("reply == hello", context(reply: .bulkString(RESPBytes(Array("hullo".utf8)))))
        #expect(wrong == "the last reply is \"hullo\"; wanted == hello")
        #expect(await verdict("reply > 10000", context(reply: .integer(10080))) == nil)
        #expect(await verdict("reply > 10000", context(reply: .integer(56))) != nil)
        #expect(await verdict("reply-type nil", context(reply: .null)) == nil)
        #expect(await verdict("reply-type nil", context(reply: .integer(1))) == "the last reply's type is integer; wanted == nil")
        #expect(await verdict("reply == 1", context()) == "no reply yet (no command has answered)")
    }

    @Test func replyLinesAndCountReadAListReply() async {
        let board = RESPValue.array(["bob", "135", "cy", "130"].map { .bulkString(RESPBytes(Array($0.utf8))) })
        #expect(await verdict("reply[0] == bob", context(reply: board)) == nil)
        #expect(await verdict("reply[1] > 130", context(reply: board)) == nil)
        #expect(await verdict("reply[2] == bob", context(reply: board)) == "line 2 of the last reply is \"cy\"; wanted == bob")
        #expect(await verdict("reply[4] == x", context(reply: board))?.contains("has no line 4") == true)
        #expect(await verdict("reply-count == 4", context(reply: board)) == nil)
        #expect(await verdict("reply-count == 0", context(reply: .null)) == nil)
        #expect(await verdict("reply-count == 1", context(reply: .integer(1))) == "the last reply is an integer, not a list")
        #expect(await verdict("reply[0] == 1", context(reply: .integer(1)))?.contains("has no line 0") == true)
        #expect((try? check("reply[x] == 1")) == nil)
    }

    @Test func replyErrorWantsAnErrorHoldingTheText() async throws {
        let error = RESPValue.simpleError("ERR value is not an integer or out of range")
        #expect(await verdict("reply-error not an integer", context(reply: error)) == nil)
        #expect(await verdict("reply-error", context(reply: error)) == nil)
        #expect(await verdict("reply-error WRONGTYPE", context(reply: error))?.contains("the error is") == true)
        #expect(await verdict("reply-error", context(reply: .integer(43)))?.contains("not an error") == true)
    }

    @Test func labChecksAndAnswersReadTheStudentsOwnReport() async throws {
        let lab = context(report: Self.report)
        #expect(await verdict("lab.results[policy=noeviction].oom_errors == 2076", lab) == nil)
        #expect(await verdict("lab.results[policy=noeviction].oom_errors < 2000", lab) != nil)
        let answer = try check("answer == lab.results[policy=noeviction].oom_errors")
        #expect(await answer.failure(in: context(report: Self.report, answer: "2,076")) == nil)
        #expect(
            await answer.failure(in: context(report: Self.report, answer: "2075")) == "\"2075\" is not the answer",
            "the figure is not given away")
        #expect(
            await answer.failure(in: context(answer: "2076"))
                == "no lab has run yet: the check compares with lab.results[policy=noeviction].oom_errors")
        let near = try check("answer ~= lab.results[0].hit_ratio ±0.01")
        #expect(await near.failure(in: context(report: Self.report, answer: "0.58")) == nil)
        #expect(await near.failure(in: context(report: Self.report, answer: "58%")) != nil)
        #expect(await verdict("answer == no", context(answer: " No ")) == nil)
        #expect(await verdict("answer == no", context()) == "no answer yet: type .answer TEXT")
    }

    @Test func sentMatchesTheCommandNameInAnyCaseAndWildcards() async throws {
        let sent = [["set", "rwb:k", "v", "EX", "60"], ["TTL", "rwb:k"]]
        #expect(await verdict("sent SET rwb:k * EX 60", context(sent: sent)) == nil)
        #expect(await verdict("sent SET rwb:k ...", context(sent: sent)) == nil)
        #expect(await verdict("sent SET rwb:k v", context(sent: sent)) == "no SET rwb:k v was sent in this step")
        #expect(await verdict("sent ttl rwb:k", context(sent: sent)) == nil)
        #expect(await verdict("sent TTL rwb:K", context(sent: sent)) != nil, "keys are case-sensitive")
        #expect(LessonCheck.matches(["MSET", "a", "1"], ["MSET", "..."]))
        #expect(!LessonCheck.matches(["MSET"], ["MSET", "a", "..."]))
    }

    @Test func answersAreNormalizedAsNumbersOnly() {
        #expect(LessonCheck.normalizedAnswer(" 1,000 ") == "1000")
        #expect(LessonCheck.normalizedAnswer("69%") == "69")
        #expect(LessonCheck.normalizedAnswer("rwb:memory:big") == "rwb:memory:big")
        #expect(LessonCheck.normalizedAnswer("a,b") == "a,b")
    }
}
