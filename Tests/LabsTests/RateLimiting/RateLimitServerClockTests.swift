import RESP
import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// `--clock server`: the limiters decide at the server's (or the app's) real instant, and the
/// exact log must judge that same instant, not the planned one; how late the lab sent is
/// counted and, when it matters, said.
@Suite struct RateLimitServerClockTests {
    private func report(lag: Int64?, windowMs: Int64 = 1000) -> RateLimitReport {
        let result = RateLimitResult(
            algorithm: .slidingLog, requests: 100, allowed: 90, denied: 10, maxAllowedInWindow: 10, overLimitAllows: 0, needlessDenials: 0,
            lockoutMs: nil, bytesPerKey: 100, commandsPerDecision: 4, callsPerDecision: 1, decisionsPerSec: 100,
            timeline: Timeline(bucketMs: 1000, allowed: [], denied: []), maxSendLagMs: lag)
        return RateLimitReport(
            limit: 10, windowMs: windowMs, pattern: .poisson, clock: "server", rate: 1.2, keys: 1, durationMs: 5000, skewMs: 0,
            results: [result], race: nil)
    }

    @Test func fallingBehindIsSaidOnlyWhenItExceedsTheWindow() {
        let late = RateLimitExplanation.sentences(report(lag: 2500)).joined(separator: " ")
        #expect(late.contains("The lab fell behind real time: requests went out up to 2,500 ms after their planned instants"))
        let onTime = RateLimitExplanation.sentences(report(lag: 30)).joined(separator: " ")
        #expect(!onTime.contains("fell behind"))
        let virtual = RateLimitExplanation.sentences(report(lag: nil)).joined(separator: " ")
        #expect(!virtual.contains("fell behind"))
    }

    /// A script answers the instant it decided at; the lab reads it back.
    @Test func scriptsAnswerTheInstantTheyDecidedAt() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            defer { Task { await client.close() } }
            let source = try #require(RateLimitScripts.source(for: .gcra))
            let passed = try await client.call("EVAL", source, "1", "rwb:lab:t:k", "123456", "10", "1000", "m", "")
            #expect(RateLimitScripts.decidedAt(passed) == 123_456)
            func serverSeconds() async throws -> Int64 { Int64(try await client.call("TIME").elements?.first?.string ?? "") ?? 0 }
            let before = try await serverSeconds()
            let own = try await client.call("EVAL", source, "1", "rwb:lab:t:k2", "", "10", "1000", "m", "")
            let after = try await serverSeconds()
            let decided = try #require(RateLimitScripts.decidedAt(own))
            // The server's TIME, between two readings of it around the call.
            #expect(decided >= before * 1000 && decided < (after + 1) * 1000)
            #expect(try RateLimitScripts.decision(own).allowed)
        }
    }

    /// The exact algorithm (a sliding log in a script) judged at the limiter's own instants
    /// agrees with the exact log to the request.
    @Test(.needsRedis) func onTheServersClockTheSlidingLogAgreesWithTheExactLog() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(
                ".lab ratelimit --clock server --algorithm sliding-log --window 200ms --duration 2s --keys 2 --limit 5 --rate 2", on: server
            )
            #expect(run.result.ok, "\(run.result.failure?.message ?? "")")
            #expect(try run.number("results[algorithm=sliding-log].over_limit_allows") == 0)
            #expect(try run.number("results[algorithm=sliding-log].needless_denials") == 0)
            #expect(try run.number("results[algorithm=sliding-log].max_send_lag_ms") >= 0)
        }
    }
}
