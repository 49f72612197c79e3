#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How requests arrive, per identifier.
public enum TrafficPattern: String, CaseIterable, Codable, Sendable {
    /// Evenly spaced at the rate.
    case steady
    /// A Poisson process at the rate: random gaps, the same mean.
    case poisson
    /// Once a window, everything at the same millisecond.
    case burst
    /// Bursts straddling a window boundary: half in the millisecond before, half in the one
    /// after, every other window (what fixed windows get wrong).
    case edge
    /// A window at twice the rate, then a window of silence.
    case onoff
    /// Poisson, and a denied client tries again after Retry-After (or at once).
    case retry
}

public enum RetryTiming: String, CaseIterable, Codable, Sendable {
    /// Wait as long as the limiter's Retry-After says.
    case after
    /// Try again the next millisecond.
    case immediate
}

/// One request: when (true time, ms), for which identifier, through which app server.
struct Arrival: Sendable, Equatable {
    var time: Int64
    var key: Int
    var server: Int
    /// The request this one retries (its own index for a first attempt).
    var origin: Int
}

/// `--pattern edge`: what one identifier sent on each side of the first window boundary of
/// the run's timeline, counted from the arrivals, so the report can say how close to 2× the
/// limit the pattern came in how few milliseconds.
public struct EdgeTraffic: Encodable, Sendable, Equatable {
    /// The boundary, ms from the start (the end of the first window).
    public var boundaryMs: Int64
    /// The shortest span each side of the boundary that holds every request of the two
    /// windows around it: they came in the last `spanMs` before it and the first `spanMs` after.
    public var spanMs: Int64
    public var beforeBoundary: Int
    public var afterBoundary: Int

    public init(boundaryMs: Int64, spanMs: Int64, beforeBoundary: Int, afterBoundary: Int) {
        self.boundaryMs = boundaryMs
        self.spanMs = spanMs
        self.beforeBoundary = beforeBoundary
        self.afterBoundary = afterBoundary
    }

    /// Identifier 0's arrivals in the window before and the window after the first
    /// boundary; nil when the run is shorter than a window or sent nothing there.
    static func count(_ arrivals: [Arrival], windowMs: Int64) -> EdgeTraffic? {
        let boundary = windowMs
        let near = arrivals.filter { $0.key == 0 && $0.time >= boundary - windowMs && $0.time < boundary + windowMs }
        guard !near.isEmpty else { return nil }
        let before = near.filter { $0.time < boundary }
        let after = near.filter { $0.time >= boundary }
        let span = max(before.map { boundary - $0.time }.max() ?? 0, after.map { $0.time - boundary + 1 }.max() ?? 0)
        return EdgeTraffic(boundaryMs: boundary, spanMs: span, beforeBoundary: before.count, afterBoundary: after.count)
    }
}

/// The requests of a run, drawn from the seed: the same seed, the same arrivals.
struct TrafficPlan: Sendable {
    var policy: RatePolicy
    var pattern: TrafficPattern
    /// Requests per window per identifier, as a multiple of the limit.
    var rate: Double
    var keys: Int
    var durationMs: Int64
    var servers: Int
    var seed: UInt64

    /// Requests one identifier sends per millisecond.
    var perMillisecond: Double { rate * Double(policy.limit) / Double(policy.windowMs) }

    /// How many requests the plan makes (before retries), for the memory check.
    var expectedRequests: Double { perMillisecond * Double(durationMs) * Double(keys) }

    /// First attempts, in time order (ties: by identifier, then by draw).
    func arrivals() -> [Arrival] {
        var all: [Arrival] = []
        for key in 0..<keys {
            var generator = SeededGenerator(seed: seed).split(UInt64(key) &+ 0x7A11)
            for time in times(using: &generator) {
                all.append(Arrival(time: time, key: key, server: generator.index(below: max(servers, 1)), origin: 0))
            }
        }
        all.sort { ($0.time, $0.key) < ($1.time, $1.key) }
        for index in all.indices { all[index].origin = index }
        return all
    }

    private func times(using generator: inout SeededGenerator) -> [Int64] {
        let window = policy.windowMs
        let perWindow = Int((rate * Double(policy.limit)).rounded())
        var times: [Int64] = []
        switch pattern {
        case .steady:
            let period = 1 / perMillisecond
            var t = generator.nextUnit() * period
            while t < Double(durationMs) {
                times.append(Int64(t))
                t += period
            }
        case .poisson, .retry:
            var t = 0.0
            while true {
                t += -log(1 - generator.nextUnit()) / perMillisecond
                if t >= Double(durationMs) { break }
                times.append(Int64(t))
            }
        case .burst:
            var start: Int64 = 0
            while start < durationMs {
                let at = start + Int64(generator.index(below: Int(window)))
                if at < durationMs { times += Array(repeating: at, count: perWindow) }
                start += window
            }
        case .edge:
            var boundary = window
            while boundary < durationMs {
                times += Array(repeating: boundary - 1, count: perWindow / 2)
                times += Array(repeating: boundary, count: perWindow - perWindow / 2)
                boundary += 2 * window
            }
        case .onoff:
            let period = 1 / (2 * perMillisecond)
            var start: Int64 = 0
            while start < durationMs {
                var t = Double(start) + generator.nextUnit() * period
                while t < Double(min(start + window, durationMs)) {
                    times.append(Int64(t))
                    t += period
                }
                start += 2 * window
            }
        }
        return times
    }
}
