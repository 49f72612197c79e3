import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

@testable import Labs

/// What the limiters read from Redis's replies: an error reply's own text, and the
/// tutorial's ZADD answering 0 when a request's member is already in the log.
@Suite(.needsRedis) struct RateLimitRepliesTests {
    /// A real error reply (WRONGTYPE: the limiter's key holds a string) reaches the user as the
    /// server wrote it, not as Swift's debug text of the reply (`simpleError("…")`).
    @Test(arguments: [RateLimitAlgorithm.slidingLogNaiveMs, .slidingLog, .gcra])
    func anErrorReplyIsTheServersText(algorithm: RateLimitAlgorithm) async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let key = "rwb:lab:test:wrongtype"
            _ = try await client.call("HSET", key, "field", "value")
            let policy = RatePolicy(limit: 5, windowMs: 1000)
            let thrown: (any Error)?
            do {
                if algorithm.isPipeline {
                    let replies = try await client.pipeline(
                        RateLimitScripts.naivePipeline(key: key, now: 1000, member: "1000", windowMs: 1000, ttlSeconds: 60))
                    _ = try RateLimitScripts.naiveDecision(replies[...], policy: policy)
                } else {
                    let source = try #require(RateLimitScripts.source(for: algorithm))
                    let sha = try await LuaScript(source).load(on: client)
                    let reply = try await client.send(RedisCommand(["EVALSHA", sha, "1", key, "1000", "5", "1000", "m", "60000"]))
                    _ = try RateLimitScripts.decision(reply)
                }
                thrown = nil
            } catch {
                thrown = error
            }
            let text = "\(try #require(thrown, "\(algorithm) decided on a key of the wrong type"))"
            #expect(text.contains("WRONGTYPE Operation against a key holding the wrong kind of value"), "\(text)")
            #expect(!text.contains("simpleError") && !text.contains("bulkError") && !text.contains(#"\'"#), "\(text)")
            await client.close()
        }
    }

    /// member_collisions counts ZADD's zeros: on the virtual clock without skew a request's
    /// member is its arrival's millisecond, so it collides exactly when an earlier request of
    /// the same key arrived in the same millisecond (a window later that entry is still in
    /// the log: ZREMRANGEBYSCORE only removes scores up to now - window).
    @Test(arguments: [TrafficPattern.edge, .burst])
    func memberCollisionsAreZaddsZeros(pattern: TrafficPattern) async throws {
        try await ServerFixture.withServer { server async throws in
            let words = ["--algorithm", "sliding-log-naive-ms,sliding-log", "--pattern", pattern.rawValue, "--keys", "3", "--rate", "2"]
            var plan = try RateLimitSpec.lab(from: RateLimitOptions.parse(words), quick: true).plan
            plan.seed = 5
            var seen: Set<[Int64]> = []
            var expected = 0
            for arrival in plan.arrivals() where !seen.insert([Int64(arrival.key), arrival.time]).inserted { expected += 1 }

            let run = await LabRun.run(".lab ratelimit --quick --seed 5 " + words.joined(separator: " "), on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(expected > 0, "the traffic should put requests of one key in one millisecond")
            #expect(try run.number("results[algorithm=sliding-log-naive-ms].member_collisions") == Double(expected))
            // The scripts' members are unique: nothing to count, no field.
            let report = try #require(run.report)
            #expect(throws: (any Error).self) { try ReportPath("results[algorithm=sliding-log].member_collisions").resolve(in: report) }
        }
    }
}
