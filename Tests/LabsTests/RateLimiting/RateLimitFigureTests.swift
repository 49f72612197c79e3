import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// commands_per_decision and bytes_per_key against counts made without the lab: the commands
/// each script runs, read off its source, and MEMORY USAGE of a key the test makes itself.
@Suite(.needsRedis) struct RateLimitFigureTests {
    static let line = ".lab ratelimit --quick --keys 3 --pattern poisson --rate 1.2 --json --seed 8 --algorithm "

    /// The server's commands per decision, counted by hand from each script (INFO commandstats
    /// counts EVALSHA and every redis.call inside it), given how many decisions allowed:
    /// - the tutorial's pipeline: ZREMRANGEBYSCORE, ZADD, ZCARD, EXPIRE, always 4;
    /// - token bucket: EVALSHA, HMGET, HSET, PEXPIRE, always 4;
    /// - GCRA: EVALSHA, GET, and SET when allowed: 2 + allowed/n;
    /// - sliding window counter: EVALSHA, two GETs, and INCR and PEXPIRE when allowed: 3 + 2·allowed/n;
    /// - sliding log: EVALSHA, ZREMRANGEBYSCORE, ZCARD, then ZADD, PEXPIRE, ZRANGE when allowed or
    ///   two ZRANGEs when denied: 3 + (3·allowed + 2·denied)/n;
    /// - fixed window: EVALSHA, INCR, and PEXPIRE on a window's first request: 2 + windows/n,
    ///   10 one-minute windows of 10 virtual minutes for each of 3 identifiers (Poisson at 120 a
    ///   window leaves none empty).
    @Test func commandsPerDecisionAreWhatEachScriptRuns() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(
                Self.line + "fixed-window,sliding-log,sliding-window-counter,token-bucket,gcra,sliding-log-naive", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            func figure(_ algorithm: String, _ field: String) throws -> Double {
                try run.number("results[algorithm=\(algorithm)].\(field)")
            }
            func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
            let byHand: [String: (Double, Double, Double) -> Double] = [
                "sliding-log-naive": { _, _, _ in 4 },
                "token-bucket": { _, _, _ in 4 },
                "gcra": { n, allowed, _ in 2 + allowed / n },
                "sliding-window-counter": { n, allowed, _ in 3 + 2 * allowed / n },
                "sliding-log": { n, allowed, denied in 3 + (3 * allowed + 2 * denied) / n },
                "fixed-window": { n, _, _ in 2 + 30 / n },
            ]
            for (algorithm, count) in byHand {
                let n = try figure(algorithm, "requests")
                let allowed = try figure(algorithm, "allowed")
                let denied = try figure(algorithm, "denied")
                #expect(allowed + denied == n && allowed > 0 && denied > 0, "\(algorithm)")
                #expect(try figure(algorithm, "commands_per_decision") == rounded(count(n, allowed, denied)), "\(algorithm)")
                // What the client sent: one EVALSHA a decision, or the tutorial's four commands.
                #expect(try figure(algorithm, "calls_per_decision") == (algorithm == "sliding-log-naive" ? 4 : 1), "\(algorithm)")
            }
        }
    }

    /// MEMORY USAGE (SAMPLES 0) of a key like those a limiter holds at the end, made by the
    /// test on the same server after the run: the window counters are integers (16 bytes of
    /// object whatever the count), so a counter named like the lab's last window's
    /// (`…:fixed-window:{id0}:540000`, the window starting at 9 minutes) costs what the lab's
    /// did, to the byte; the sliding window counter keeps that and the window before.
    @Test func bytesPerKeyIsWhatTheLimitersKeysCost() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(Self.line + "fixed-window,sliding-window-counter,gcra", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let client = ServerFixture.client(server)
            func usage(_ key: String) async throws -> Double {
                Double(try await client.call("MEMORY", "USAGE", key, "SAMPLES", "0").int ?? -1)
            }
            func counter(_ key: String) async throws -> Double {
                try await client.call("INCRBY", key, "57")
                try await client.call("PEXPIRE", key, "3600000")
                return try await usage(key)
            }
            let fixed = try await counter("rwb:lab:ratelimit:fixed-window:{id0}:540000")
            #expect(try run.number("results[algorithm=fixed-window].bytes_per_key") == fixed)
            let current = try await counter("rwb:lab:ratelimit:sliding-window-counter:{id0}:540000")
            let previous = try await counter("rwb:lab:ratelimit:sliding-window-counter:{id0}:480000")
            #expect(try run.number("results[algorithm=sliding-window-counter].bytes_per_key") == current + previous)
            // GCRA keeps one string, the theoretical arrival time as %.17g: from a few digits to
            // 17 and a fraction, so between the cost of the shortest and the longest such value.
            let name = "rwb:lab:ratelimit:gcra:{id0}"
            try await client.call("SET", name, "600000")
            let shortest = try await usage(name)
            try await client.call("SET", name, "600000.00000000012")
            let longest = try await usage(name)
            let gcra = try run.number("results[algorithm=gcra].bytes_per_key")
            #expect(gcra >= shortest && gcra <= longest, "\(shortest) ≤ \(gcra) ≤ \(longest)")
            await client.close()
        }
    }
}
