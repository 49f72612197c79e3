import RESP
import RedisClient
import TestSupport
import Testing

@testable import Workbench

/// Lessons on a real server: the tutor's hints and answer, checks on keys, and the lesson's
/// own test refusing a lesson whose check cannot fail.
@Suite(.needsRedis) struct LessonTests {
    static let expiring = """
        .lesson demo Expiry
        .summary One step.
        .goal Make a key expire
        .step Expire it
        .say Some text.
        .task Store v at rwb:demo:k so that it expires within a minute.
        .check key rwb:demo:k value == v
        .check key rwb:demo:k ttl > 0
        .check key rwb:demo:k ttl <= 60
        .hint First hint.
        .hint Second hint.
        .answer SET rwb:demo:k v EX 60
        .wrong SET rwb:demo:k v
        .wrong SET rwb:demo:k v EX 3600
        .wrong SET rwb:demo:k w EX 60
        .record ttl key rwb:demo:k ttl
        .recap It had {ttl} seconds left.
        """

    private func lesson(_ text: String) throws -> Lesson {
        try LessonParser.parse(text, file: "t.lesson").get()
    }

    private func session(on server: ThrowawayServer, output: BufferSink) async -> Session {
        let session = Session(settings: Session.Settings(mode: .raw), output: output, errors: output)
        await session.use(server.options)
        return session
    }

    @Test func aWrongTryGivesAHintThenAStrongerOneThenTheAnswer() async throws {
        try await ServerFixture.withServer { server in
            let directory = try POSIX.makeTemporaryDirectory(prefix: "rwb-lesson")
            defer { POSIX.removeDirectory(directory) }
            let output = BufferSink()
            let session = await session(on: server, output: output)
            let tutor = Tutor(lesson: try lesson(Self.expiring), progressPath: directory + "/p", output: output, style: .plain)
            await session.startLesson(tutor)
            #expect(output.text.contains("Step 1 of 1: Expire it"))
            // Two of the three checks hold after a plain SET: progress, no hint spent.
            _ = await session.run("SET rwb:demo:k v", at: .prompt)
            #expect(output.text.contains("Closer (2 of 3 checks hold). Still: the TTL of rwb:demo:k is -1 (no expiry); wanted > 0"))
            #expect(!output.text.contains("Hint 1"))
            _ = await session.run("SET rwb:demo:k v EX 3600", at: .prompt)
            #expect(output.text.contains("Not yet: the TTL of rwb:demo:k is 3600; wanted <= 60"))
            #expect(output.text.contains("Hint 1: First hint."))
            _ = await session.run("SET rwb:demo:k w EX 60", at: .prompt)
            #expect(output.text.contains("Hint 2: Second hint."))
            _ = await session.run("SET rwb:demo:k w EX 61", at: .prompt)
            #expect(output.text.contains("The answer:\n    SET rwb:demo:k v EX 60\n"))
            #expect(await !tutor.isDone)
            // SET then EXPIRE passes the same checks as SET … EX: they look at the key.
            _ = await session.run("SET rwb:demo:k v", at: .prompt)
            _ = await session.run("EXPIRE rwb:demo:k 60", at: .prompt)
            #expect(await tutor.isDone)
            #expect(output.text.contains("It had 60 seconds left."))
            #expect(output.text.contains("Removed the lesson's 1 key under rwb:demo:"))
            let progress = LessonProgress.load(from: directory + "/p")["demo"]
            #expect(progress.done && progress.passed == [0] && progress.records["ttl"] == "60")
            let client = ServerFixture.client(server)
            #expect(try await client.send(RedisCommand("EXISTS", "rwb:demo:k")).int == 0)
            await client.close()
            await session.shutdown()
        }
    }

    @Test func keyChecksReadTypeEncodingLengthFieldsAndScores() async throws {
        try await ServerFixture.withServer { server in
            let output = BufferSink()
            let session = await session(on: server, output: output)
            for line in ["HSET rwb:demo:h name Ada", "ZADD rwb:demo:z 7 m", "SET rwb:demo:s hello"] {
                _ = await session.run(line, at: .prompt)
            }
            let context = await session.checkContext(answer: nil)
            func verdict(_ text: String) async -> String? {
                guard let check = try? LessonCheck.parse(text.split(separator: " ").map(String.init)).get() else { return "unparsed" }
                return await check.failure(in: context)
            }
            #expect(await verdict("key rwb:demo:h type == hash") == nil)
            #expect(await verdict("key rwb:demo:h encoding == listpack") == nil)
            #expect(await verdict("key rwb:demo:h field name == Ada") == nil)
            #expect(await verdict("key rwb:demo:h field lang == en") == "field lang of rwb:demo:h is (nil): no such field; wanted == en")
            #expect(await verdict("key rwb:demo:h value == Ada") == "rwb:demo:h holds a hash, not a string")
            #expect(await verdict("key rwb:demo:z score m == 7") == nil)
            #expect(await verdict("key rwb:demo:s len == 5") == nil)
            #expect(await verdict("key rwb:demo:none len == 0") == nil)
            #expect(
                await verdict("key rwb:demo:none type == string") == "the type of rwb:demo:none is none (no such key); wanted == string")
            #expect(await verdict("key rwb:demo:s exists") == nil)
            #expect(await verdict("key rwb:demo:s missing") == "rwb:demo:s still exists")
            #expect(await verdict("key rwb:demo:none ttl == -2") == nil)
            await session.shutdown()
        }
    }

    @Test func theLessonsOwnTestPassesAGoodLessonAndFindsAChecksThatCannotFail() async throws {
        try await ServerFixture.withServer { server in
            let session = await session(on: server, output: BufferSink())
            let good = await LessonVerifier(session: session).verify(try lesson(Self.expiring))
            #expect(good.problems.isEmpty, "\(good.problems)")
            #expect(good.steps == 1 && good.checks == 3 && good.wrongAnswersRefused == 3)

            // Without the EX 3600 wrong answer, nothing shows `ttl <= 60` can fail.
            let weak = await LessonVerifier(session: session).verify(
                try lesson(Self.expiring.replacingAll(".wrong SET rwb:demo:k v EX 3600\n", with: "")))
            #expect(weak.problems == ["demo step 1 (Expire it): .check key rwb:demo:k ttl <= 60 refuses none of the step's .wrong lines"])

            let passingWrong = await LessonVerifier(session: session).verify(
                try lesson(Self.expiring.replacingAll(".wrong SET rwb:demo:k v\n", with: ".wrong SET rwb:demo:k v EX 30\n")))
            #expect(passingWrong.problems.contains("demo step 1 (Expire it): the wrong answer SET rwb:demo:k v EX 30 passes"))

            let badAnswer = await LessonVerifier(session: session).verify(
                try lesson(Self.expiring.replacingAll(".answer SET rwb:demo:k v EX 60", with: ".answer SET rwb:demo:k v")))
            #expect(badAnswer.problems.contains { $0.contains("the answer does not pass .check key rwb:demo:k ttl > 0") })

            let holdsBefore = await LessonVerifier(session: session).verify(
                try lesson(Self.expiring.replacingAll(".task Store", with: "SET rwb:demo:k v EX 60\n.task Store")))
            #expect(holdsBefore.problems.contains("demo step 1 (Expire it): its checks hold before the student does anything"))

            let client = ServerFixture.client(server)
            #expect(try await client.send(RedisCommand("DBSIZE")).int == 0, "the verifier leaves no key behind")
            await client.close()
            await session.shutdown()
        }
    }
}
