import RESP
import RedisClient
import TestSupport
import Testing

@testable import Workbench

/// `rwb bench` against a real server: every request done, counted and measured.
@Suite(.needsRedis) struct BenchRunTests {
    @Test(arguments: [1, 16]) func everyRequestIsSentAndMeasured(pipeline: Int) async throws {
        try await ServerFixture.withServer { server in
            var configuration = BenchRunner.Configuration()
            configuration.requests = 5_000
            configuration.clients = 4
            configuration.pipeline = pipeline
            let runner = BenchRunner(options: server.options, configuration: configuration)
            let result = try await runner.run(BenchTest(name: "INCR", template: ["INCR", "rwb:bench:counter"]))
            #expect(result.requests == 5_000)
            #expect(result.latency.totalCount == 5_000)
            #expect(result.opsPerSecond > 0)
            let client = ServerFixture.client(server)
            let counter = try await client.send(["GET", "rwb:bench:counter"])
            #expect(counter == .bulk("5000"))
            await client.close()
        }
    }

    /// Replies are counted, not kept: an error anywhere in a pipeline must still stop the run.
    @Test(arguments: [1, 16]) func anErrorReplyStopsTheRunWithTheServersMessage(pipeline: Int) async throws {
        try await ServerFixture.withServer { server in
            var configuration = BenchRunner.Configuration()
            configuration.requests = 100
            configuration.clients = 1
            configuration.pipeline = pipeline
            let runner = BenchRunner(options: server.options, configuration: configuration)
            await #expect(throws: RedisServerError("ERR unknown command 'NOSUCH', with args beginning with: ")) {
                try await runner.run(BenchTest(name: "NOSUCH", template: ["NOSUCH"]))
            }
        }
    }

    /// With random keys (-r) a few of them hold a list: the first GET on one fails the run,
    /// wherever it falls in its pipeline.
    @Test func anErrorInsideAPipelineIsFound() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            for key in 0..<10 { _ = try await client.call("RPUSH", "key:" + String(repeating: "0", count: 11) + String(key), "x") }
            await client.close()
            var configuration = BenchRunner.Configuration()
            configuration.requests = 20_000
            configuration.clients = 1
            configuration.pipeline = 16
            configuration.keyspace = 100
            let runner = BenchRunner(options: server.options, configuration: configuration)
            await #expect(throws: RedisServerError("WRONGTYPE Operation against a key holding the wrong kind of value")) {
                try await runner.run(BenchTest(name: "GET", template: ["GET", "key:__rand_int__"]))
            }
        }
    }

    /// Batches larger than a socket's send buffer go out in parts as the socket drains.
    @Test func batchesLargerThanTheSocketBufferAreSentWhole() async throws {
        try await ServerFixture.withServer { server in
            var configuration = BenchRunner.Configuration()
            configuration.requests = 2_000
            configuration.clients = 2
            configuration.pipeline = 500  // 500 × 16 KiB: about 8 MB a batch
            let value = String(repeating: "v", count: 16 * 1024)
            let result = try await BenchRunner(options: server.options, configuration: configuration)
                .run(BenchTest(name: "SET", template: ["SET", "rwb:big", value]))
            #expect(result.requests == 2_000)
            let client = ServerFixture.client(server)
            let stats = try await client.send(["INFO", "commandstats"]).string ?? ""
            #expect(stats.contains("cmdstat_set:calls=2000,"), "\(stats)")
            await client.close()
        }
    }

    /// A connection closed under the run ends it with an error, not a hang.
    @Test func aKilledConnectionStopsTheRun() async throws {
        try await ServerFixture.withServer { server in
            var configuration = BenchRunner.Configuration()
            configuration.requests = 100_000_000
            configuration.clients = 4
            configuration.pipeline = 4
            let runner = BenchRunner(options: server.options, configuration: configuration)
            let killer = Task {
                try await Task.sleep(for: .milliseconds(300))
                let client = ServerFixture.client(server)
                _ = try await client.send(["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"])
                await client.close()
            }
            await #expect(throws: RedisClientError.connectionClosed(mayHaveExecuted: true)) {
                try await runner.run(BenchTest(name: "PING", template: ["PING"]))
            }
            try await killer.value
        }
    }

    /// With a duration the run stops by the clock, whatever the request count.
    @Test func aDurationEndsTheRun() async throws {
        try await ServerFixture.withServer { server in
            var configuration = BenchRunner.Configuration()
            configuration.requests = 100_000_000
            configuration.clients = 3
            configuration.duration = .milliseconds(300)
            let result = try await BenchRunner(options: server.options, configuration: configuration)
                .run(BenchTest(name: "PING", template: ["PING"]))
            #expect(result.requests > 0 && result.requests < configuration.requests)
            #expect(result.requests == Int(result.latency.totalCount))
            #expect(result.seconds >= 0.3)  // no upper bound: a loaded test machine may be slow to hand back
        }
    }

    @Test func connectionsAreDealtRoundRobinToTheLoops() {
        #expect(BenchRunner.partition(Array(0..<7), into: 3) == [[0, 3, 6], [1, 4], [2, 5]])
        #expect(BenchRunner.partition([1], into: 4) == [[1]])
        #expect(BenchRunner.partition(Array(0..<4), into: 1) == [[0, 1, 2, 3]])
    }

    @Test func csvOutputOfTheExecutable() async throws {
        try await ServerFixture.withServer { server in
            let (output, status) = try await TestShell.capture(
                "\(TestShell.quote(TestShell.rwbPath)) bench -p \(server.port!) -t set,get -n 2000 -c 2 -P 4 --csv")
            let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
            #expect(status == 0)
            #expect(lines.count == 3)
            #expect(lines.first.map(String.init) == BenchResult.csvHeader)
            #expect(lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) } == ["\"SET\"", "\"GET\""])
        }
    }
}
