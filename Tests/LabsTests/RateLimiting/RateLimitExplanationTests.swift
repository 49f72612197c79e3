import Testing

@testable import Labs
@testable import Workbench

/// The rate-limit lab's "What this shows": causes named only where they are the only one,
/// the race stated as counted, the edge pattern as sent.
@Suite struct RateLimitExplanationTests {
    private func report(skewMs: Int64 = 0, pattern: TrafficPattern = .poisson, results: [RateLimitResult] = [], race: [RaceResult]? = nil)
        -> RateLimitReport
    {
        RateLimitReport(
            limit: 100, windowMs: 60_000, pattern: pattern, clock: "virtual", rate: 1.2, keys: 10, durationMs: 600_000, skewMs: skewMs,
            results: results, race: race)
    }

    private func result(_ algorithm: RateLimitAlgorithm, overLimit: Int = 0, needless: Int = 0) -> RateLimitResult {
        RateLimitResult(
            algorithm: algorithm, requests: 1200, allowed: 1000, denied: 200, maxAllowedInWindow: 100 + overLimit,
            overLimitAllows: overLimit,
            needlessDenials: needless, lockoutMs: nil, bytesPerKey: 100, commandsPerDecision: 4, callsPerDecision: 4, decisionsPerSec: 1000,
            timeline: Timeline(bucketMs: 1000, allowed: [], denied: []))
    }

    private func text(_ report: RateLimitReport) -> String { RateLimitExplanation.sentences(report).joined(separator: " ") }

    @Test func withoutSkewTheAlgorithmsFlawIsTheCause() {
        let text = text(report(results: [result(.slidingLogNaive, needless: 37), result(.slidingLogNaiveMs, overLimit: 12)]))
        #expect(
            text.contains(
                "sliding-log-naive denied 37 requests the exact log had room for: it logs denied requests too, so a client over the limit keeps its own window full."
            ))
        #expect(
            text.contains(
                "With bare millisecond members, requests in the same millisecond collapse into one log entry: 12 allowed over the limit."))
        #expect(!text.contains("clocks"))
    }

    @Test func underSkewTheClocksAreNamedBesideTheFlaw() {
        let text = text(report(skewMs: 50, results: [result(.slidingLogNaive, needless: 37), result(.slidingLogNaiveMs, overLimit: 12)]))
        let skew =
            "the app servers' clocks, up to 50 ms off either way, put entries out of place in the window; this run does not tell the two causes apart"
        #expect(text.contains("keeps its own window full, and \(skew)."))
        #expect(text.contains("collapse into one log entry, and \(skew): 12 allowed over the limit."))
        #expect(!text.contains("keeps its own window full."))
    }

    @Test func theRaceStatesTheCountAndNoMechanism() {
        let held = text(report(race: [RaceResult(algorithm: .slidingLogNaive, requests: 150, limit: 100, allowed: 100)]))
        #expect(
            held.contains(
                "sliding-log-naive allowed 100 of 150 in the race, the limit, this time; nothing made its four commands atomic, as MULTI or a Lua script would"
            ))
        #expect(!held.contains("one write"))
        let broken = text(report(race: [RaceResult(algorithm: .slidingLogNaive, requests: 150, limit: 100, allowed: 131)]))
        #expect(broken.contains("In the race, sliding-log-naive allowed 131 of 150 simultaneous requests where the limit is 100."))
        #expect(!broken.contains("this time"))
    }

    @Test func theEdgePatternSaysWhatItSentAroundTheBoundary() {
        var partial = report(pattern: .edge)
        partial.edge = EdgeTraffic(boundaryMs: 60_000, spanMs: 1, beforeBoundary: 60, afterBoundary: 60)
        let sixty = text(partial)
        #expect(
            sixty.contains(
                "The edge pattern sent 60 requests in the last 1 ms before a window boundary and 60 in the first 1 ms after: 120 within 2 ms, against a limit of 100 a window."
            ))
        #expect(sixty.contains("The classic case, the full limit on each side of the boundary, is --rate 2."))

        var classic = report(pattern: .edge)
        classic.edge = EdgeTraffic(boundaryMs: 60_000, spanMs: 1, beforeBoundary: 100, afterBoundary: 100)
        let full = text(classic)
        #expect(
            full.contains("sent 100 requests in the last 1 ms before a window boundary and 100 in the first 1 ms after: 200 within 2 ms"))
        #expect(!full.contains("classic case"))
        #expect(!text(report()).contains("edge pattern"))
    }

    @Test func theEdgeTrafficIsCountedFromTheArrivals() {
        var plan = TrafficPlan(
            policy: RatePolicy(limit: 100, windowMs: 1000), pattern: .edge, rate: 1.2, keys: 2, durationMs: 10_000, servers: 1, seed: 3)
        #expect(
            EdgeTraffic.count(plan.arrivals(), windowMs: 1000)
                == EdgeTraffic(boundaryMs: 1000, spanMs: 1, beforeBoundary: 60, afterBoundary: 60))
        plan.rate = 2
        #expect(
            EdgeTraffic.count(plan.arrivals(), windowMs: 1000)
                == EdgeTraffic(boundaryMs: 1000, spanMs: 1, beforeBoundary: 100, afterBoundary: 100))
        plan.durationMs = 500
        #expect(EdgeTraffic.count(plan.arrivals(), windowMs: 1000) == nil)
    }
}
