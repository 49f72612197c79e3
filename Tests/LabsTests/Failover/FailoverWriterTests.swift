import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

@testable import Labs

/// The failover lab's writer on a real server, its ledger against what the server holds
/// afterwards, read back key by key by the test: what it calls acknowledged is there, what it
/// calls unconfirmed was written but confirmed by no replica, what it calls an error was
/// refused and is not there.
@Suite(.needsRedis) struct FailoverWriterTests {
    static let names = (0..<6).map { "test:failover:{k\($0)}" }

    /// Runs one writer over six key groups: `during` first, then until the server holds
    /// `keys` of its keys (a count, not a time: a loaded machine starts the writer late).
    private func write(
        _ server: ThrowawayServer, wait: Int? = nil, keys: Int = 60,
        during: @escaping @Sendable (RedisClient) async throws -> Void = { _ in }
    ) async throws -> FailoverWriter.Result {
        let clock = SystemClock()
        let writer = FailoverWriter(
            keys: Array(0..<6), names: Self.names, shardOfKey: Array(repeating: 0, count: 6), waitTimeoutMs: wait,
            clock: clock, origin: clock.now)
        let stop = StopSignal()
        var options = server.options
        options.commandTimeout = .seconds(5)
        // As the lab's writers are made: one retry, the run's command log.
        let writing = DeploymentClient(
            RedisClient(options, retryPolicy: RetryPolicy(maxRetries: 1, step: .milliseconds(20), cap: .milliseconds(20)), clock: clock),
            log: CommandLog())
        let running = Task { await writer.run(writing, until: stop) }
        let client = ServerFixture.client(server)
        defer { Task { await client.close() } }
        try await during(client)
        try await Self.waitUntil { try await client.call("DBSIZE").int ?? 0 >= keys }
        stop.raise()
        return await running.value
    }

    /// Polls `condition` every 10 ms, for at most 20 s.
    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<2000 where !(try await condition()) { try await Task.sleep(for: .milliseconds(10)) }
    }

    /// SETs the server refused, by INFO commandstats (cmdstat_set's rejected_calls).
    static func rejected(_ client: RedisClient) async throws -> Int {
        let info = try await client.call("INFO", "commandstats").string ?? ""
        guard let line = info.split(separator: "\r\n").first(where: { $0.hasPrefix("cmdstat_set:") }),
            let field = line.split(separator: ",").first(where: { $0.hasPrefix("rejected_calls=") })
        else { return 0 }
        return Int(field.dropFirst("rejected_calls=".count)) ?? 0
    }

    /// The writer's keys on the server, read back with KEYS: `name:sequence` → value.
    private func readBack(_ client: RedisClient) async throws -> [String: String] {
        let keys = (try await client.call("KEYS", "test:failover:*").elements ?? []).compactMap(\.string)
        var values: [String: String] = [:]
        for key in keys { values[key] = try await client.call("GET", key).string }
        return values
    }

    private func ledger(_ result: FailoverWriter.Result, _ present: [String: String]) -> (acknowledged: [[Int]], found: [[Bool]]) {
        var acknowledged = [[Int]](repeating: [], count: Self.names.count)
        for (key, sequence) in result.acknowledged { acknowledged[key].append(sequence) }
        let found = acknowledged.enumerated().map { key, sequences in sequences.map { present["\(Self.names[key]):\($0)"] != nil } }
        return (acknowledged, found)
    }

    @Test func everyAcknowledgedWriteIsOnTheServerAndNothingElse() async throws {
        try await ServerFixture.withServer { server async throws in
            let result = try await write(server)
            let client = ServerFixture.client(server)
            let present = try await readBack(client)
            #expect(!result.acknowledged.isEmpty)
            #expect(result.attempts.allSatisfy(\.answered) && result.attempts.count == result.acknowledged.count)
            // Exactly the acknowledged keys, each holding its own sequence number.
            let expected = Dictionary(uniqueKeysWithValues: result.acknowledged.map { ("\(Self.names[$0.0]):\($0.1)", String($0.1)) })
            #expect(present == expected)
            var (acknowledged, found) = ledger(result, present)
            #expect(WriteLedger.lostWrites(acknowledged: acknowledged, found: found) == (0, 0))
            #expect(WriteLedger.unavailableMs(result.attempts, shards: 1, endMs: result.attempts.last?.atMs ?? 0) == [0])

            // Now lose writes by hand: every other acknowledged write of group 2.
            let doomed = acknowledged[2].enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            #expect(!doomed.isEmpty)
            for sequence in doomed { try await client.call("DEL", "\(Self.names[2]):\(sequence)") }
            (acknowledged, found) = ledger(result, try await readBack(client))
            #expect(WriteLedger.lostWrites(acknowledged: acknowledged, found: found) == (doomed.count, 1))
            await client.close()
        }
    }

    /// Alone, the server has no replica: WAIT 1 answers 0 after its timeout, so no write is
    /// acknowledged, and every write is still on the server.
    @Test func withoutAReplicaEveryWriteIsUnconfirmedYetWritten() async throws {
        try await ServerFixture.withServer { server async throws in
            let result = try await write(server, wait: 5, keys: 20)
            let client = ServerFixture.client(server)
            let present = try await readBack(client)
            #expect(result.acknowledged.isEmpty)
            #expect(result.unconfirmed > 0)
            #expect(result.unconfirmed == result.attempts.count && result.attempts.allSatisfy(\.answered))
            #expect(present.count == result.unconfirmed)
            await client.close()
        }
    }

    /// min-replicas-to-write 1 on a server with no replica refuses every write (NOREPLICAS):
    /// the writer counts each refusal as an unanswered attempt, as many as the server says it
    /// rejected, and none of those keys exists; once the setting is back, writes go on.
    @Test func refusedWritesAreTheOnesTheServerRejected() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let before = try await Self.rejected(client)
            let result = try await write(server) { client in
                // Some writes, then refusals (the server counts them), then writes again.
                try await Self.waitUntil { try await client.call("DBSIZE").int ?? 0 >= 20 }
                try await client.call("CONFIG", "SET", "min-replicas-to-write", "1")
                try await Self.waitUntil { try await Self.rejected(client) - before >= 5 }
                try await client.call("CONFIG", "SET", "min-replicas-to-write", "0")
            }
            let refused = result.attempts.filter { !$0.answered }.count
            #expect(refused > 0)
            #expect(refused == (try await Self.rejected(client)) - before)
            // Writes answered before and after the refusals.
            #expect(result.attempts.first?.answered == true && result.attempts.last?.answered == true)
            let present = try await readBack(client)
            #expect(present.count == result.acknowledged.count)
            #expect(result.acknowledged.count + refused == result.attempts.count)
            // One outage, from the last write answered before it to the first answered after.
            let sorted = result.attempts.sorted { $0.atMs < $1.atMs }
            let firstRefused = try #require(sorted.firstIndex { !$0.answered })
            let lastRefused = try #require(sorted.lastIndex { !$0.answered })
            let byHand = sorted[(lastRefused + 1)...].first { $0.answered }!.atMs - sorted[..<firstRefused].last { $0.answered }!.atMs
            #expect(WriteLedger.unavailableMs(result.attempts, shards: 1, endMs: sorted.last!.atMs) == [byHand])
            await client.close()
        }
    }
}
