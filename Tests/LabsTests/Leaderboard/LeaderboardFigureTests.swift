import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

@testable import Labs

/// The leaderboard lab's figures against counts made without it, on real servers: the
/// encodings at and over limits the test sets itself, every score the operations left
/// replayed from the seed, the tie order recomputed from member bytes, and the keys it
/// leaves behind.
@Suite(.needsRedis) struct LeaderboardFigureTests {
    private func string(_ run: LabRun, _ path: String) throws -> String? {
        try run.report.map { try ReportPath(path).resolve(in: $0) }?.text
    }

    /// CONFIG SET on the test's own server moves the limits; the lab reads them, and the set
    /// switches from listpack to skiplist exactly there, in its growth and its cliff.
    @Test func theCliffIsWhereTheServersConfigPutsIt() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            try await client.call("CONFIG", "SET", "zset-max-listpack-entries", "16")
            try await client.call("CONFIG", "SET", "zset-max-listpack-value", "20")
            let run = await LabRun.run(
                ".lab leaderboard --sizes 10,16,17,100 --operations 20 --ties 3 --events-per-day 100 --json", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(try run.number("thresholds.entries") == 16)
            #expect(try run.number("thresholds.value") == 20)
            for (members, encoding) in [(10, "listpack"), (16, "listpack"), (17, "skiplist"), (100, "skiplist")] {
                #expect(try string(run, "growth[members=\(members)].encoding") == encoding, "\(members)")
            }
            #expect(try run.number("cliff.entries_at_limit.members") == 16)
            #expect(try string(run, "cliff.entries_at_limit.encoding") == "listpack")
            #expect(try run.number("cliff.entries_over_limit.members") == 17)
            #expect(try string(run, "cliff.entries_over_limit.encoding") == "skiplist")
            #expect(try run.number("cliff.value_at_limit.longest_member") == 20)
            #expect(try string(run, "cliff.value_at_limit.encoding") == "listpack")
            #expect(try run.number("cliff.value_over_limit.longest_member") == 21)
            #expect(try string(run, "cliff.value_over_limit.encoding") == "skiplist")
            #expect(try run.number("cliff.entries_over_limit.bytes_per_member") > run.number("cliff.entries_at_limit.bytes_per_member"))
            // By hand, the same sizes on a set of the test's own.
            func encoding(members: Int, longest: Int) async throws -> String {
                try await client.call("DEL", "test:z")
                let names = (0..<members).map { $0 == 0 ? String(repeating: "m", count: longest) : String($0) }
                try await client.call(RedisCommand(["ZADD", "test:z"] + names.enumerated().flatMap { [String($0.offset), $0.element] }))
                return try await client.call("OBJECT", "ENCODING", "test:z").string ?? "?"
            }
            #expect(try await encoding(members: 16, longest: 20) == "listpack")
            #expect(try await encoding(members: 17, longest: 1) == "skiplist")
            #expect(try await encoding(members: 2, longest: 21) == "skiplist")
            await client.close()
        }
    }

    /// The default limits of the installed server, and memory per member read back by hand.
    @Test func defaultLimitsAndBytesPerMember() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(
                ".lab leaderboard --sizes 100,1000 --operations 10 --ties 3 --events-per-day 100 --keep --json", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let client = ServerFixture.client(server)
            let entries = try await client.call("CONFIG", "GET", "zset-max-listpack-entries").elements?[1].string.flatMap { Int($0) }
            #expect(try run.number("thresholds.entries") == Double(entries ?? -1))
            #expect(try string(run, "growth[members=100].encoding") == "listpack")
            #expect(try string(run, "growth[members=1000].encoding") == "skiplist")
            // A listpack's size does not depend on the server's dice: read it again.
            let key = "rwb:lab:leaderboard:cliff:entries-at"
            let bytes = try await client.call("MEMORY", "USAGE", key, "SAMPLES", "0").int ?? 0
            let members = try await client.call("ZCARD", key).int ?? 0
            #expect(try run.number("cliff.entries_at_limit.bytes") == Double(bytes))
            #expect(try run.number("cliff.entries_at_limit.bytes_per_member") == (Double(bytes) / Double(members) * 100).rounded() / 100)
            await client.close()
        }
    }

    /// Every score on the server after the run is the seeded starting score plus the
    /// ZINCRBY deltas the lab drew (stream 0x2C: a player, then a delta, per increment),
    /// replayed here; and the whole set, read back, is in the model's order.
    @Test func scoresAndOrderMatchTheModelReplayedByHand() async throws {
        try await ServerFixture.withServer { server async throws in
            let size = 3000
            let operations = 300
            let seed: UInt64 = 9
            let run = await LabRun.run(
                ".lab leaderboard --sizes \(size) --operations \(operations) --ties 3 --events-per-day 100 --seed \(seed) --keep --json",
                on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            #expect(try run.number("rank_mismatches") == 0)
            for operation in ["zincrby", "top-10", "zrevrank", "page"] {
                #expect(try run.number("operations[operation=\(operation)].mismatches") == 0, "\(operation)")
                #expect(try run.number("operations[operation=\(operation)].count") == Double(operations))
            }
            var expected = Players(count: size, seed: seed).scores
            var generator = SeededGenerator(seed: seed).split(0x2C)
            for _ in 0..<operations {
                let player = generator.index(below: size)
                expected[player] += Double(1 + generator.index(below: 100))
            }
            let client = ServerFixture.client(server)
            let reply = try await client.call("ZRANGE", "rwb:lab:leaderboard:board", "0", "-1", "REV", "WITHSCORES")
            let scored = try #require(ScoreReplies.scored(reply))
            #expect(scored.count == size)
            var wrong = 0
            for (member, score) in scored where Players.id(member).map({ expected[$0] }) != score { wrong += 1 }
            #expect(wrong == 0)
            // Score descending, then member bytes descending: the order the model assumes.
            var disordered = 0
            for (above, below) in zip(scored, scored.dropFirst()) {
                let ordered =
                    above.score > below.score
                    || (above.score == below.score && Array(below.member.utf8).lexicographicallyPrecedes(Array(above.member.utf8)))
                if !ordered { disordered += 1 }
            }
            #expect(disordered == 0)
            // Equal scores do occur among 3,000 players drawn below a million.
            #expect(zip(scored, scored.dropFirst()).contains { $0.score == $1.score })
            await client.close()
        }
    }

    /// Tied players come back by member bytes, descending, whoever came first; the composite
    /// score puts them in arrival order; past the bound the server's doubles lose the time.
    @Test func tieOrderIsMemberBytesAndTheCompositeRestoresArrival() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(
                ".lab leaderboard --sizes 10 --operations 5 --ties 24 --events-per-day 100 --keep --json", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            guard case .object(let fields)? = try run.report.map({ try ReportPath("ties").resolve(in: $0) }) else {
                Issue.record("no ties section")
                return
            }
            func names(_ field: String) -> [String] {
                guard case .array(let items)? = fields.first(where: { $0.name == field })?.value else { return [] }
                return items.map(\.text)
            }
            let arrival = names("arrival_order")
            let redis = names("redis_order")
            #expect(arrival.count == 24)
            #expect(Set(arrival).count == 24)
            let byBytes = arrival.sorted { Array($1.utf8).lexicographicallyPrecedes(Array($0.utf8)) }
            #expect(redis == byBytes)
            #expect(try run.number("ties.plain.out_of_arrival_order") == Double(zip(redis, arrival).filter { $0 != $1 }.count))
            #expect(try run.number("ties.plain.out_of_arrival_order") > 0)
            #expect(try run.number("ties.plain.model_mismatches") == 0)
            #expect(try run.number("ties.composite.out_of_arrival_order") == 0)
            #expect(try run.number("ties.composite.score_decode_errors") == 0)
            #expect(try run.number("ties.max_exact_score") == 2_097_151)
            // Past the bound, counted again from the server's own order.
            let client = ServerFixture.client(server)
            let over = try await client.call("ZREVRANGE", "rwb:lab:leaderboard:ties:composite-over", "0", "-1")
            let overOrder = over.elements?.compactMap(\.string) ?? []
            #expect(
                try run.number("ties.composite_over_bound.out_of_arrival_order")
                    == Double(zip(overOrder, arrival).filter { $0 != $1 }.count))
            await client.close()
        }
    }

    /// The week's key is the sum of its seven day keys and the all-time key the sum of all
    /// fourteen, added up here from the server's own keys; the counts the report gives are
    /// counted again.
    @Test func theWeekIsTheSumOfItsDaysAndTheAllTimeKeyOfAll() async throws {
        try await ServerFixture.withServer { server async throws in
            let events = 300
            let run = await LabRun.run(
                ".lab leaderboard --sizes 10 --operations 5 --ties 3 --period-players 200 --events-per-day \(events) --keep --json",
                on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let client = ServerFixture.client(server)
            let prefix = "rwb:lab:leaderboard:{board}:"
            func scores(_ key: String) async throws -> [String: Double] {
                let scored = try #require(ScoreReplies.scored(try await client.call("ZRANGE", prefix + key, "0", "-1", "WITHSCORES")))
                return Dictionary(scored.map { ($0.member, $0.score) }, uniquingKeysWith: +)
            }
            let days = (5...18).map { "day:202601" + ($0 < 10 ? "0" : "") + String($0) }
            var week: [String: Double] = [:]
            var fortnight: [String: Double] = [:]
            for (index, day) in days.enumerated() {
                let held = try await scores(day)
                fortnight.merge(held, uniquingKeysWith: +)
                if index >= 7 { week.merge(held, uniquingKeysWith: +) }
                #expect(try await client.call("TTL", prefix + day).int ?? -2 > 0, "\(day)")
            }
            #expect(try await scores("week:20260112") == week)
            #expect(try await scores("all-time") == fortnight)
            #expect(try await client.call("TTL", prefix + "all-time") == .integer(-1))
            #expect(try run.number("periods.week_members") == Double(week.count))
            #expect(try run.number("periods.week_model_members") == Double(week.count))
            #expect(try run.number("periods.all_time_members") == Double(fortnight.count))
            #expect(try run.number("periods.zincrby_commands") == Double(2 * 14 * events))
            #expect(try run.number("periods.day_keys_with_ttl") == 14)
            #expect(try run.number("periods.week_top10_mismatches") == 0)
            #expect(try run.number("periods.all_time_top10_mismatches") == 0)
            // The two top 10s, from the server, compared here.
            func top(_ scores: [String: Double]) -> Set<String> {
                Set(
                    scores.sorted {
                        $0.value != $1.value ? $0.value > $1.value : Array($1.key.utf8).lexicographicallyPrecedes(Array($0.key.utf8))
                    }.prefix(10).map(\.key))
            }
            #expect(try run.number("periods.top10_in_both") == Double(top(week).intersection(top(fortnight)).count))
            await client.close()
        }
    }

    /// The lab's keys go, the user's stay, and two runs with one seed agree on every figure
    /// but the timings and the skiplist sizes.
    @Test func dbsizeIsUnchangedAndTheSeedRepeats() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            try await client.call("SET", "app:key", "kept")
            let line = ".lab leaderboard --sizes 200,2000 --operations 50 --ties 6 --events-per-day 200 --seed 4 --json"
            let first = await LabRun.run(line, on: server)
            let second = await LabRun.run(line, on: server)
            #expect(first.result.ok && second.result.ok, "\(first.errors) \(second.errors)")
            #expect(first.stableJSON == second.stableJSON)
            #expect(try await client.call("DBSIZE") == .integer(1))
            await client.close()
        }
    }
}
