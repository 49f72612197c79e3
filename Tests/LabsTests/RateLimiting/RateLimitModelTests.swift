import Testing

@testable import Labs

/// The limiters' models by hand: each case is a sequence of requests and the decisions it
/// must get, worked out on paper.
@Suite struct RateLimitModelTests {
    private func allowed(_ algorithm: RateLimitAlgorithm, limit: Int, window: Int64, at times: [Int64]) -> [Bool] {
        var model = RateLimitModel(algorithm, policy: RatePolicy(limit: limit, windowMs: window))
        return times.enumerated().map { index, now in model.decide(key: "k", now: now, member: "\(now)-\(index)").allowed }
    }

    @Test func fixedWindowResetsAtTheBoundaryAndLetsTwiceTheLimitAcrossIt() {
        // Limit 3 per 1000 ms: three at the end of one window, three at the start of the next.
        #expect(
            allowed(.fixedWindow, limit: 3, window: 1000, at: [997, 998, 999, 999, 1000, 1001, 1002, 1003])
                == [true, true, true, false, true, true, true, false])
        var model = RateLimitModel(.fixedWindow, policy: RatePolicy(limit: 3, windowMs: 1000))
        let decision = model.decide(key: "k", now: 250, member: "")
        #expect(decision == RateDecision(allowed: true, remaining: 2, retryAfterMs: 0, resetAfterMs: 750))
    }

    @Test func slidingLogNeverHoldsMoreThanTheLimitInAWindow() {
        // Limit 2 per 100 ms: the window is (now − 100, now]. At 100 the request at 0 has
        // left it; at 110 the one at 10 has.
        #expect(
            allowed(.slidingLog, limit: 2, window: 100, at: [0, 10, 50, 100, 101, 110, 111])
                == [true, true, false, true, false, true, false])
        var model = RateLimitModel(.slidingLog, policy: RatePolicy(limit: 2, windowMs: 100))
        _ = model.decide(key: "k", now: 0, member: "a")
        _ = model.decide(key: "k", now: 10, member: "b")
        // Denied at 50: the oldest (0) leaves the window at 100, 50 ms from now.
        #expect(
            model.decide(key: "k", now: 50, member: "c") == RateDecision(allowed: false, remaining: 0, retryAfterMs: 50, resetAfterMs: 60))
    }

    @Test func theNaiveLogCountsItsDenialsAndLocksAClientOut() {
        // Limit 2 per 100 ms, a request every 40 ms: the exact log allows 2 of every 3; the
        // naive pipeline logs the denied ones too, so its window never empties.
        let times: [Int64] = stride(from: 0, to: 400, by: 40).map { $0 }
        #expect(allowed(.slidingLog, limit: 2, window: 100, at: times).filter { $0 }.count == 7)
        #expect(allowed(.slidingLogNaive, limit: 2, window: 100, at: times) == [true, true] + Array(repeating: false, count: 8))
    }

    @Test func millisecondMembersCollapse() {
        var model = RateLimitModel(.slidingLogNaiveMs, policy: RatePolicy(limit: 2, windowMs: 1000))
        let decisions = (0..<5).map { _ in model.decide(key: "k", now: 7, member: "7") }
        #expect(decisions.allSatisfy { $0.allowed })
    }

    @Test func gcraSpacesRequestsByTheEmissionInterval() {
        // Limit 4 per 1000 ms: T = 250, τ = 750. Four at once, then one every 250 ms.
        #expect(
            allowed(.gcra, limit: 4, window: 1000, at: [0, 0, 0, 0, 0, 100, 250, 260, 500])
                == [true, true, true, true, false, false, true, false, true])
        var model = RateLimitModel(.gcra, policy: RatePolicy(limit: 4, windowMs: 1000))
        for _ in 0..<4 { _ = model.decide(key: "k", now: 0, member: "") }
        // TAT is 1000: the next conforms at TAT − τ = 250.
        #expect(
            model.decide(key: "k", now: 0, member: "") == RateDecision(allowed: false, remaining: 0, retryAfterMs: 250, resetAfterMs: 1000))
    }

    @Test func tokenBucketRefillsContinuously() {
        // Limit 2 per 1000 ms: a token every 500 ms.
        #expect(
            allowed(.tokenBucket, limit: 2, window: 1000, at: [0, 0, 0, 250, 500, 600, 1000])
                == [true, true, false, false, true, false, true])
    }

    @Test func slidingWindowCounterWeighsThePreviousWindow() {
        // Limit 10 per 1000 ms: 10 in the first window; at 1500 the estimate is 10 × 0.5 = 5,
        // so 5 more are allowed there.
        let first = Array(repeating: Int64(100), count: 10)
        let second = Array(repeating: Int64(1500), count: 7)
        let decisions = allowed(.slidingWindowCounter, limit: 10, window: 1000, at: first + second)
        #expect(decisions.prefix(10).allSatisfy { $0 })
        #expect(Array(decisions.suffix(7)) == [true, true, true, true, true, false, false])
    }

    @Test func theExactLogCountsByHand() {
        var log = ExactLog(policy: RatePolicy(limit: 2, windowMs: 100))
        log.record(key: 0, time: 0, allowed: true)
        log.record(key: 0, time: 10, allowed: true)
        log.record(key: 0, time: 20, allowed: true)  // a third in (−80, 20]: over the limit
        log.record(key: 0, time: 30, allowed: false)
        log.record(key: 0, time: 150, allowed: false)  // (50, 150] is empty: needless
        log.record(key: 1, time: 150, allowed: true)
        #expect(log.overLimitAllows == 1)
        #expect(log.needlessDenials == 1)
        #expect(log.maxAllowedInWindow == 3)
    }

    @Test func trafficReplaysForASeedAndFollowsItsPattern() {
        let policy = RatePolicy(limit: 10, windowMs: 1000)
        let plan = TrafficPlan(policy: policy, pattern: .poisson, rate: 2, keys: 3, durationMs: 60_000, servers: 2, seed: 4)
        // Two plans made apart from the same seed draw the same arrivals; another seed does not.
        let again = TrafficPlan(policy: policy, pattern: .poisson, rate: 2, keys: 3, durationMs: 60_000, servers: 2, seed: 4)
        #expect(plan.arrivals() == again.arrivals())
        var other = again
        other.seed = 5
        #expect(other.arrivals() != plan.arrivals())
        // Poisson at 20 a second for 60 s on 3 keys: 3,600 expected, standard deviation 60.
        #expect(abs(plan.arrivals().count - 3600) < 250)
        let arrivals = plan.arrivals()
        #expect(arrivals.allSatisfy { (0..<60_000).contains($0.time) && (0..<3).contains($0.key) && (0..<2).contains($0.server) })
        #expect(zip(arrivals, arrivals.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(arrivals.indices.allSatisfy { arrivals[$0].origin == $0 })
        var edge = plan
        edge.pattern = .edge
        let times = edge.arrivals().filter { $0.key == 0 }.map(\.time)
        #expect(times.prefix(20) == ArraySlice(Array(repeating: 999, count: 10) + Array(repeating: 1000, count: 10)))
    }

    @Test func headersFollowTheDraftsSyntax() throws {
        let policy = RatePolicy(limit: 100, windowMs: 60_000)
        let allowed = try RateLimitHeaders.fields(
            for: RateDecision(allowed: true, remaining: 41, retryAfterMs: 0, resetAfterMs: 17_200), policy: policy)
        #expect(
            allowed.map(\.name) == ["RateLimit-Policy", "RateLimit", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"])
        #expect(allowed[0].value == #""default";q=100;w=60"#)
        #expect(allowed[1].value == #""default";r=41;t=18"#)
        let denied = try RateLimitHeaders.fields(
            for: RateDecision(allowed: false, remaining: 0, retryAfterMs: 2_500, resetAfterMs: 1_000), policy: policy)
        // t is never earlier than Retry-After.
        #expect(denied[1].value == #""default";r=0;t=3"#)
        #expect(denied.last == HeaderField(name: "Retry-After", value: "3"))
    }

    /// Each pattern's arrivals against its definition, counted by hand for a limit of 10 a
    /// second at 2× (20 a window, one every 50 ms) over 60 windows, per identifier.
    @Test func eachPatternSendsWhatItsDefinitionSays() {
        let policy = RatePolicy(limit: 10, windowMs: 1000)
        func arrivals(_ pattern: TrafficPattern, seed: UInt64 = 4) -> [Arrival] {
            TrafficPlan(policy: policy, pattern: pattern, rate: 2, keys: 3, durationMs: 60_000, servers: 2, seed: seed).arrivals()
        }
        func perKey(_ all: [Arrival]) -> [[Int64]] { (0..<3).map { key in all.filter { $0.key == key }.map(\.time) } }
        // steady: one every 50 ms from a random phase under 50 ms: 1,200 each, 50 ms apart
        // (to the millisecond, as times are truncated).
        for times in perKey(arrivals(.steady)) {
            #expect(times.count == 1200)
            #expect(times[0] < 50)
            #expect(zip(times, times.dropFirst()).allSatisfy { (49...51).contains($1 - $0) })
        }
        // burst: 20 at one millisecond in each of the 60 windows.
        for times in perKey(arrivals(.burst)) {
            #expect(times.count == 1200)
            let windows = Dictionary(grouping: times) { $0 / 1000 }
            #expect(windows.count == 60 && windows.values.allSatisfy { $0.count == 20 && Set($0).count == 1 })
        }
        // edge: every other boundary (1 s, 3 s, … 59 s), 10 in the millisecond before it and
        // 10 at it: 30 boundaries, 600 requests.
        for times in perKey(arrivals(.edge)) {
            #expect(times.count == 600)
            let boundaries = stride(from: Int64(1000), to: 60_000, by: 2000)
            #expect(
                Dictionary(grouping: times) { $0 }
                    == Dictionary(
                        uniqueKeysWithValues: boundaries.flatMap {
                            [($0 - 1, Array(repeating: $0 - 1, count: 10)), ($0, Array(repeating: $0, count: 10))]
                        }))
        }
        // onoff: twice the rate (one every 25 ms, 40 a window) in the even windows, nothing in
        // the odd ones: 30 × 40.
        for times in perKey(arrivals(.onoff)) {
            #expect(times.count == 1200)
            #expect(times.allSatisfy { ($0 / 1000) % 2 == 0 })
            let windows = Dictionary(grouping: times) { $0 / 1000 }
            #expect(windows.count == 30 && windows.values.allSatisfy { $0.count == 40 })
        }
        // The fixed patterns do not depend on the seed; the random ones do.
        #expect(arrivals(.edge).map(\.time) == arrivals(.edge, seed: 9).map(\.time))
        #expect(arrivals(.steady).map(\.time) != arrivals(.steady, seed: 9).map(\.time))
        #expect(arrivals(.burst).map(\.time) != arrivals(.burst, seed: 9).map(\.time))
    }
}
