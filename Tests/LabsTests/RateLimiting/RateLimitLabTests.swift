import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

@testable import Labs

/// The limiters on a real server: each Lua script (and the tutorial's pipeline) decision by
/// decision against its model, and the lab's correctness bars.
@Suite(.needsRedis) struct RateLimitLabTests {
    @Test(arguments: RateLimitAlgorithm.allCases)
    func theServerAgreesWithTheModelOnEveryDecision(algorithm: RateLimitAlgorithm) async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let policy = RatePolicy(limit: 5, windowMs: 1000)
            var model = RateLimitModel(algorithm, policy: policy)
            var sha: String?
            if let source = RateLimitScripts.source(for: algorithm) { sha = try await LuaScript(source).load(on: client) }
            var generator = SeededGenerator(seed: 21)
            var now: Int64 = 0
            for index in 0..<600 {
                // Bursts in one millisecond, gaps across windows, and clocks that step back.
                now = max(0, now + [0, 0, 1, 7, 90, 400, -30][generator.index(below: 7)])
                let key = "rwb:lab:test:\(algorithm.rawValue):\(generator.index(below: 3))"
                let member = algorithm == .slidingLogNaiveMs ? String(now) : "\(now)-\(index)"
                let expected = model.decide(key: key, now: now, member: member)
                let actual: RateDecision
                if algorithm.isPipeline {
                    let replies = try await client.pipeline(
                        RateLimitScripts.naivePipeline(key: key, now: now, member: member, windowMs: policy.windowMs, ttlSeconds: 60))
                    actual = try RateLimitScripts.naiveDecision(replies[...], policy: policy)
                } else {
                    let reply = try await client.call(
                        RedisCommand(["EVALSHA", try #require(sha), "1", key, String(now), "5", "1000", member, "60000"]))
                    actual = try RateLimitScripts.decision(reply)
                }
                #expect(actual == expected, "request \(index) at \(now) on \(key)")
                if actual != expected { break }
            }
            await client.close()
        }
    }

    @Test func slidingLogIsExactOnEveryPattern() async throws {
        try await ServerFixture.withServer { server async throws in
            for pattern in TrafficPattern.allCases {
                let run = await LabRun.run(
                    ".lab ratelimit --quick --algorithm sliding-log --pattern \(pattern.rawValue) --rate 1.5 --keys 3", on: server)
                #expect(run.result.ok, "\(pattern): \(run.result.failure?.message ?? "")")
                #expect(try run.number("results[0].over_limit_allows") == 0, "\(pattern)")
                #expect(try run.number("results[0].needless_denials") == 0, "\(pattern)")
                #expect(try run.number("results[0].max_allowed_in_window") <= 100, "\(pattern)")
            }
        }
    }

    /// The edge pattern's report counts what it sent around the boundary: at the default
    /// 1.2× a limit of 100 is 120 a burst, 60 each side within a millisecond, and fixed
    /// windows let all 120 through; at 2× the full limit each side.
    @Test(arguments: [(1.2, 60), (2.0, 100)])
    func theEdgePatternReportsWhatItSentAroundTheBoundary(rate: Double, perSide: Int) async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(".lab ratelimit --quick --algorithm fixed-window --pattern edge --rate \(rate) --keys 2", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(try run.number("edge.before_boundary") == Double(perSide))
            #expect(try run.number("edge.after_boundary") == Double(perSide))
            #expect(try run.number("edge.span_ms") == 1)
            #expect(try run.number("edge.boundary_ms") == 60_000)
            #expect(try run.number("results[0].max_allowed_in_window") == Double(2 * perSide))
        }
    }

    @Test func theBarsTheIssueSets() async throws {
        try await ServerFixture.withServer { server async throws in
            // Fixed windows on the edge pattern: close to twice the limit in one window.
            let edge = await LabRun.run(".lab ratelimit --quick --algorithm fixed-window --pattern edge --rate 2 --keys 2", on: server)
            #expect(try edge.number("results[0].max_allowed_in_window") >= 190)
            // The tutorial's pipeline on Poisson traffic at 1.2×: far more needless denials.
            let naive = await LabRun.run(
                ".lab ratelimit --quick --algorithm sliding-log-naive --pattern poisson --rate 1.2 --keys 3", on: server)
            let requests = try naive.number("results[0].requests")
            #expect(try naive.number("results[0].needless_denials") > requests / 2)
            // A retrying client against it stays locked out; against the exact log it does not.
            let retry = await LabRun.run(
                ".lab ratelimit --quick --algorithm sliding-log,sliding-log-naive --pattern retry --retry immediate --keys 2", on: server)
            #expect(
                try retry.number("results[algorithm=sliding-log-naive].lockout_ms")
                    > retry.number("results[algorithm=sliding-log].lockout_ms"))
        }
    }

    @Test func theRaceShowsTheMillisecondMembersCollapse() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(
                ".lab ratelimit --quick --duration 1s --keys 1 --algorithm sliding-log,sliding-log-naive-ms,gcra --race 60 --limit 10",
                on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "")")
            #expect(try run.number("race[algorithm=sliding-log].allowed") == 10)
            #expect(try run.number("race[algorithm=gcra].allowed") == 10)
            #expect(try run.number("race[algorithm=sliding-log-naive-ms].allowed") > 10)
        }
    }

    @Test func theSameSeedGivesTheSameReportApartFromTimingFields() async throws {
        try await ServerFixture.withServer { server async throws in
            let line = ".lab ratelimit --quick --keys 3 --skew 40 --headers --json --seed 8"
            let first = await LabRun.run(line, on: server)
            let second = await LabRun.run(line, on: server)
            #expect(first.result.ok && second.result.ok)
            #expect(!first.stableJSON.isEmpty)
            #expect(first.stableJSON == second.stableJSON)
            #expect(first.output.contains(#""RateLimit-Policy""#))
        }
    }

    @Test func badInputIsRefusedWithAReason() async throws {
        try await ServerFixture.withServer { server async throws in
            for (options, message) in [
                ("--limit 0", "--limit 0"), ("--window 0", "--window 0s: from 1ms to 24h"), ("--window 0.0001s", "from 1ms"),
                ("--rate 1000 --keys 1000000", "decisions; at most"), ("--rate 1000000", "more than 0, up to 1000 times the limit"),
                ("--algorithm leaky", "--algorithm leaky"),
            ] {
                let run = await LabRun.run(".lab ratelimit \(options)", on: server)
                guard case .usage(let text)? = run.result.failure else {
                    Issue.record("\(options): \(String(describing: run.result.failure))")
                    continue
                }
                #expect(text.contains(message), "\(options): \(text)")
            }
        }
    }
}
