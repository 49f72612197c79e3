import RESP
import RedisClient
import ReplyFormat
import TestSupport
import Testing
import Workbench

/// The batch language against a real server: assertions, exit status, messages, reports.
@Suite(.needsRedis) struct BatchTests {
    struct Run {
        var outcome: BatchRunner.Outcome
        var output: String
        var errors: String
    }

    private func run(
        _ script: String, file: String = "t.rwb", options: BatchRunner.Options = .init(),
        mode: OutputMode = .raw, on server: ThrowawayServer
    ) async -> Run {
        let output = BufferSink()
        let errors = BufferSink()
        let session = Session(settings: Session.Settings(mode: mode), output: output, errors: errors)
        await session.use(server.options)
        let outcome = await BatchRunner(session: session, options: options).run(text: script, file: file, errors: errors)
        await session.shutdown()
        return Run(outcome: outcome, output: output.text, errors: errors.text)
    }

    @Test func everyAssertionFormHolds() async throws {
        try await ServerFixture.withServer { server in
            let result = await run(
                """
                # comments and blank lines are skipped

                SET rwb:k "two words"
                .expect OK
                GET rwb:k
                .expect two words
                .expect "two words"
                .expect-type string
                RPUSH rwb:l a b
                .expect-type integer
                LRANGE rwb:l 0 -1
                .expect "a\\nb"
                .expect-type array
                GET rwb:missing
                .expect-type nil
                INCR rwb:k
                .expect-error
                INCR rwb:k
                .expect-error not an integer
                EVAL "return 1" \\
                  0
                .expect 1
                """, on: server)
            #expect(result.outcome.exitStatus == 0, "\(result.errors)")
            #expect(result.outcome.failures.isEmpty)
            #expect(result.outcome.cases.count == 11)
        }
    }

    @Test func failedAssertionSaysFileLineExpectedAndGot() async throws {
        try await ServerFixture.withServer { server in
            let result = await run("SET rwb:a 1\nGET rwb:a\n.expect 2\nSET rwb:after yes\n", file: "demo.rwb", on: server)
            #expect(result.outcome.exitStatus == 1)
            #expect(result.errors.contains("demo.rwb:3: expected \"2\", got \"1\""))
            // The run stopped at the failure: the line after it did not run.
            let client = ServerFixture.client(server)
            let exists = try await client.send(["EXISTS", "rwb:after"])
            #expect(exists == .integer(0))
            await client.close()
        }
    }

    @Test func typeAndErrorAssertionsFailWithReasons() async throws {
        try await ServerFixture.withServer { server in
            var options = BatchRunner.Options()
            options.keepGoing = true
            let result = await run(
                """
                SET rwb:n 5
                .expect-type integer
                GET rwb:n
                .expect-error
                """, options: options, on: server)
            #expect(result.outcome.exitStatus == 1)
            #expect(result.errors.contains("t.rwb:2: expected a reply of type integer, got string"))
            #expect(result.errors.contains("t.rwb:4: expected an error, got string"))
        }
    }

    @Test func anUnknownTypeStopsTheScriptBeforeItRuns() async throws {
        try await ServerFixture.withServer { server in
            let result = await run("SET rwb:n 5\n.expect-type sandwich\n", on: server)
            #expect(result.outcome.exitStatus == 2)
            #expect(
                result.errors
                    == "t.rwb:2: unknown type 'sandwich': one of array, bignumber, boolean, double, error, integer, map, nil, push, set, string\n"
            )
            let client = ServerFixture.client(server)
            let exists = try await client.call("EXISTS", "rwb:n")
            #expect(exists == .integer(0))
            await client.close()
        }
    }

    @Test func unexpectedErrorReplyFailsTheScript() async throws {
        try await ServerFixture.withServer { server in
            let result = await run("SET rwb:s x\nINCR rwb:s\nPING\n", on: server)
            #expect(result.outcome.exitStatus == 1)
            #expect(result.errors.contains("t.rwb:2: ERR value is not an integer or out of range"))
        }
    }

    @Test func scriptThatDoesNotParseRunsNothing() async throws {
        try await ServerFixture.withServer { server in
            let result = await run("SET rwb:ran yes\n.expekt 1\nGET \"open\n", on: server)
            #expect(result.outcome.exitStatus == 2)
            #expect(result.errors.contains("t.rwb:2: unknown command .expekt (did you mean .expect?)"))
            #expect(result.errors.contains("t.rwb:3: unbalanced quotes"))
            let client = ServerFixture.client(server)
            let exists = try await client.send(["EXISTS", "rwb:ran"])
            #expect(exists == .integer(0))
            await client.close()
        }
    }

    @Test func keepGoingReportsEveryFailure() async throws {
        try await ServerFixture.withServer { server in
            var options = BatchRunner.Options()
            options.keepGoing = true
            let result = await run("PING\n.expect nope\nPING\n.expect PONG\nPING\n.expect again\n", options: options, on: server)
            #expect(result.outcome.exitStatus == 1)
            #expect(result.outcome.failures.map(\.0.line) == [2, 6])
            var junit = JUnitReport()
            junit.add(result.outcome.cases)
            let report = junit.xml
            #expect(report.contains("tests=\"3\" failures=\"2\""))
            #expect(report.contains("<failure message=\"expected &quot;nope&quot;, got &quot;PONG&quot;\""))
        }
    }

    @Test func transcriptIsByteIdenticalAcrossRuns() async throws {
        let script = """
            .seed 7
            .echo tour
            RPUSH rwb:l c b a
            SORT rwb:l ALPHA
            HSET rwb:h f v
            HGETALL rwb:h
            .expect "f\\nv"
            .clean
            """
        var options = BatchRunner.Options()
        options.echo = true
        var transcripts: [String] = []
        for _ in 0..<2 {
            try await ServerFixture.withServer { server in
                let result = await run(script, options: options, on: server)
                #expect(result.outcome.exitStatus == 0, "\(result.errors)")
                transcripts.append(result.output)
            }
        }
        #expect(transcripts[0] == transcripts[1])
        #expect(transcripts[0].hasPrefix("> .seed 7\n> .echo tour\ntour\n> RPUSH rwb:l c b a\n3\n> SORT rwb:l ALPHA\na\nb\nc\n"))
    }

    @Test func jsonLinesAreOneObjectPerLine() async throws {
        try await ServerFixture.withServer { server in
            let json = BufferSink()
            var options = BatchRunner.Options()
            options.jsonLines = json
            _ = await run("SET rwb:j 1\nGET rwb:j\n.expect 2\n", options: options, on: server)
            let lines = json.text.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines[0].hasPrefix("{\"file\":\"t.rwb\",\"line\":1,\"command\":\"SET rwb:j 1\",\"reply\":\"OK\",\"ok\":true,\"ms\":"))
            #expect(lines[2].contains("\"ok\":false"))
            #expect(lines[2].contains("\"error\":\"expected \\\"2\\\", got \\\"1\\\"\""))
        }
    }

    @Test func sourceRunsAnotherFileInTheSameSession() async throws {
        try await ServerFixture.withServer { server in
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            try TextFile.write("SET rwb:from-source yes\nGET rwb:missing\n.expect nothing\n", to: "\(directory)/inner.rwb")
            let result = await run(".source \(directory)/inner.rwb\n", on: server)
            #expect(result.outcome.exitStatus == 1)
            #expect(result.errors.contains("\(directory)/inner.rwb:3: expected \"nothing\", got \"\""))
        }
    }
}
