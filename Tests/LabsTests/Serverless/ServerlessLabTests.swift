import RESP
import RedisClient
import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// The serverless lab on a real server through a real endpoint: what each mode met held to
/// the in-process model, and what it sent to a count made here by hand.
@Suite(.needsRedis) struct ServerlessLabTests {
    /// RESP bytes of the tutorial's code for the model's steps, counted here from the
    /// encoding of each command and the reply the model says it gets.
    private func respBytes(_ model: ServerlessModel, limit: Int, valueBytes: Int) -> (sent: Int, received: Int) {
        var sent = 0
        var received = 0
        var counts: [Int: Int] = [:]
        func add(_ command: RedisCommand, _ reply: RESPValue) {
            sent += RESPEncoder.encode(command).count
            received += RESPEncoder.encode(reply).count
        }
        let prefix = "rwb:lab:serverless:"
        for step in model.steps {
            let count = (counts[step.user] ?? 0) + 1
            counts[step.user] = count
            let limiter = "\(prefix)limit:{resp:u\(step.user)}"
            let profile = "\(prefix)profile:{resp:u\(step.user)}"
            add(["INCR", limiter], .integer(Int64(count)))
            if count == 1 { add(["EXPIRE", limiter, "3600"], .integer(1)) }
            guard count <= limit else { continue }
            let value = ServerlessRun.profile(user: step.user, valueBytes: valueBytes)
            if step.hit {
                add(["GET", profile], .bulkString(RESPBytes(Array(value.utf8))))
            } else {
                add(["GET", profile], .null)
                add(["SET", profile, value, "EX", "3600"], .simpleString("OK"))
            }
        }
        return (sent, received)
    }

    @Test func everyModeMeetsTheModelAndSendsWhatItsCodeSends() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(
                ".lab serverless --requests 60 --users 5 --limit 9 --value-bytes 120 --seed 7", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let model = ServerlessWorkload(requests: 60, userCount: 5, limit: 9, seed: 7).model()
            #expect(model.denied > 0 && model.hits > 0, "the workload should exercise both sides")
            #expect(try run.number("model_allowed") == Double(model.allowed))
            #expect(try run.number("model_database_queries") == Double(model.databaseQueries))
            for mode in ["resp", "rest", "pipeline", "multi-exec"] {
                let row = "modes[mode=\(mode)]"
                #expect(try run.number("\(row).allowed") == Double(model.allowed), "\(mode)")
                #expect(try run.number("\(row).denied") == Double(model.denied), "\(mode)")
                #expect(try run.number("\(row).hits") == Double(model.hits), "\(mode)")
                #expect(try run.number("\(row).database_queries") == Double(model.databaseQueries), "\(mode)")
                #expect(try run.number("\(row).model_mismatches") == 0, "\(mode)")
            }
            // One command per round trip, as the tutorial's code sends them.
            let oneByOne = Double(60 + model.firstInWindow + model.allowed + model.databaseQueries)
            for mode in ["resp", "rest"] {
                #expect(try run.number("modes[mode=\(mode)].commands") == oneByOne, "\(mode)")
                #expect(try run.number("modes[mode=\(mode)].round_trips") == oneByOne, "\(mode)")
            }
            // Three commands in one request, and the SET after a miss in a second.
            for mode in ["pipeline", "multi-exec"] {
                #expect(try run.number("modes[mode=\(mode)].commands") == Double(3 * 60 + model.databaseQueries), "\(mode)")
                #expect(try run.number("modes[mode=\(mode)].round_trips") == Double(60 + model.databaseQueries), "\(mode)")
                #expect(try run.number("modes[mode=\(mode)].wasted_reads") == Double(model.denied), "\(mode)")
            }
            let bytes = respBytes(model, limit: 9, valueBytes: 120)
            #expect(try run.number("modes[mode=resp].bytes_sent") == Double(bytes.sent))
            #expect(try run.number("modes[mode=resp].bytes_received") == Double(bytes.received))
            // HTTP carries the same commands with a request line, headers and JSON around them.
            #expect(try run.number("modes[mode=rest].bytes_sent") > Double(bytes.sent) + oneByOne * 100)
            #expect(run.words.contains("Every mode met what the model says"))
            #expect(try await ServerFixture.client(server).call("DBSIZE") == .integer(0))
        }
    }

    @Test func theProfileHasTheSizeAsked() {
        for size in [64, 120, 1000] {
            #expect(ServerlessRun.profile(user: 42, valueBytes: size).utf8.count == size)
        }
    }

    @Test func optionsAreBounded() throws {
        let entry = try #require(LabCatalog.named("serverless"))
        for (option, bad) in [
            ("--requests", "0"), ("--users", "1000001"), ("--limit", "-1"), ("--value-bytes", "10"), ("--modes", "grpc"),
            ("--modes", "rest,rest"),
        ] {
            #expect(entry.problem([option, bad]) != nil, "\(option) \(bad)")
        }
        #expect(entry.problem(["--requests", "0"])?.contains("from 1 to 1000000") == true)
        #expect(entry.problem(["--modes", "resp,multi-exec"]) == nil)
    }
}
