import TestSupport
import Testing
import Workbench

/// redis-cli's modes as dot commands in a session: the same modes as `rwb --scan` and
/// friends, on the session's server, their refusals found before a script runs.
@Suite(.needsRedis) struct ModeDotCommandTests {
    private func run(_ script: String, on server: ThrowawayServer) async -> (BatchRunner.Outcome, output: String, errors: String) {
        let output = BufferSink()
        let errors = BufferSink()
        let session = Session(settings: Session.Settings(mode: .raw), output: output, errors: errors)
        await session.use(server.options)
        let outcome = await BatchRunner(session: session, options: .init()).run(text: script, file: "t.rwb", errors: errors)
        await session.shutdown()
        return (outcome, output.text, errors.text)
    }

    @Test func scanSurveysAndLatencyRunOnTheSessionsServer() async throws {
        try await ServerFixture.withServer { server in
            let (outcome, output, errors) = await run(
                "RPUSH rwb:l a b c\nSET rwb:s hello\nSET other x\n.scan rwb:*\n.bigkeys rwb:*\n.memkeys\n.latency 0.05\n", on: server)
            #expect(outcome.exitStatus == 0, "\(errors)")
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(Set(lines[3...4]) == ["rwb:l", "rwb:s"], "\(output)")
            #expect(output.contains("Sampled 2 keys in the keyspace!\n"), "\(output)")
            #expect(output.contains("Biggest   list found '\"rwb:l\"' has 3 items\n"), "\(output)")
            #expect(output.contains("Sampled 3 keys in the keyspace!\n"), "\(output)")
            // --latency's script line: min, max, average and count.
            let latency = lines.dropLast().last?.split(separator: " ") ?? []
            #expect(latency.count == 4 && latency.allSatisfy { Double($0) != nil } && Int(latency[3]) ?? 0 > 0, "\(output)")
        }
    }

    @Test func aModeThatFailsSaysWhyOnceAndFailsTheLine() async throws {
        try await ServerFixture.withServer { server in
            let (outcome, _, errors) = await run(".hotkeys\n", on: server)
            #expect(outcome.exitStatus == 1)
            // One message: the mode's, where the script says a line failed.
            #expect(errors.components(separatedBy: "Error: --hotkeys").count == 2, "\(errors)")
            #expect(!errors.contains("failed"), "\(errors)")
            #expect(errors.contains("this server's is noeviction"), "\(errors)")
        }
    }

    @Test func badArgumentsAreFoundBeforeTheScriptRuns() async throws {
        try await ServerFixture.withServer { server in
            for (line, message) in [
                (".scan a 0", "usage: .scan [PATTERN [COUNT]] (COUNT from 1 to 1000000)"),
                (".latency 0", "usage: .latency [SECONDS] (from 0.01 to 3600)"), (".bigkeys a b", "usage: .bigkeys [PATTERN]"),
            ] {
                let (outcome, output, errors) = await run("SET rwb:ran yes\n\(line)\n", on: server)
                #expect(outcome.exitStatus == 2, "\(line)")
                #expect(errors.contains(message) && output.isEmpty, "\(line): \(errors)")
            }
        }
    }
}
