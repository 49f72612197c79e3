import Labs
import RESP
import RedisClient
import TestSupport
import Testing

@testable import Workbench

/// The cache-aside lab on a real redis-server and a real SQLite file.
@Suite(.needsRedis) struct CacheAsideLabTests {
    @Test func everyStrategyRunsAndLeavesTheDatabaseAsItFoundIt() async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server)
            try await client.call("SET", "app:user:1", "not the lab's")
            try await client.call("SET", "rwb:other", "the workbench's, not this lab's")
            let run = await LabRun.run(".lab cache-aside --quick --clients 4 --requests 400 --write-ratio 0 --seed 7", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            // The reads of ids past the catalogue, replayed from the seed (about 2% of 400).
            let missing = CacheAsideCountTests.missingReads(seed: 7, clients: 4, requests: 400)
            #expect(missing > 0)
            // No cache: the database ran one query per request, all 400 of them.
            #expect(try run.number("strategies.none.backend_queries") == 400)
            #expect(try run.number("strategies.none.negative_lookups_to_backend") == Double(missing))
            // Every product and the featured list are warmed, the TTL is 60 s and nothing is
            // written: only the missing ids miss (lock, xfetch and swr cache no "not found"),
            // each one query. So the hit ratio is (400 − missing) / 400, about 0.98 for 2%
            // missing. naive caches "null" as the tutorial does: one query per distinct id
            // (two clients missing one id at once may both query).
            let distinct = Set(CacheAsideCountTests.missingIds(seed: 7, clients: 4, requests: 400)).count
            let naiveQueries = Int(try run.number("strategies.naive.backend_queries"))
            #expect(naiveQueries >= distinct && naiveQueries <= missing)
            for strategy in ["lock", "xfetch", "swr"] {
                #expect(try run.number("strategies.\(strategy).backend_queries") == Double(missing), "\(strategy)")
                #expect(try run.number("strategies.\(strategy).negative_lookups_to_backend") == Double(missing), "\(strategy)")
                #expect(
                    try run.number("strategies.\(strategy).hit_ratio") == CacheAsideCountTests.rounded(Double(400 - missing) / 400, 4),
                    "\(strategy)")
            }
            #expect(try await client.call("DBSIZE") == .integer(2))
            #expect(try await client.call("GET", "app:user:1") == .bulk(Array("not the lab's".utf8)))
            #expect(run.output.contains("What this shows"))
            await client.close()
        }
    }

    @Test func theLockLetsOneQueryThroughPerExpiryWhereNaiveLetsMany() async throws {
        try await ServerFixture.withServer { server in
            let run = await LabRun.run(".lab cache-aside --quick --scenario stampede --clients 8 --strategy naive,lock", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let expiries = try run.number("strategies.lock.expiries")
            #expect(expiries >= 2)
            // Every query is an expiry's refill or a waiter that gave up (a starved holder).
            let gaveUp = try run.number("strategies.lock.lock_waits_given_up")
            #expect(try run.number("strategies.lock.backend_queries") == expiries + gaveUp, "\(run.output)")
            #expect(gaveUp == 0, "\(run.output)")
            #expect(try run.number("strategies.lock.locks_expired_while_held") == 0, "\(run.output)")
            #expect(try run.number("strategies.lock.backend_queries_per_expiry") == 1)
            #expect(try run.number("strategies.lock.max_concurrent_backend") == 1)
            #expect(try run.number("strategies.naive.backend_queries_per_expiry") > 1)
            #expect(try run.number("strategies.naive.max_concurrent_backend") > 1)
        }
    }

    @Test func swrCountsEachBackgroundRefreshAsTheQueryItRan() async throws {
        try await ServerFixture.withServer { server in
            let run = await LabRun.run(".lab cache-aside --quick --scenario stampede --clients 8 --strategy swr", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let refreshes = try run.number("strategies.swr.refreshes")
            #expect(refreshes >= 2, "\(run.output)")
            // The cache is warmed and read without pause, so no read finds it gone: every
            // query the database counted is a refresh, unless a waiter gave up on the lock.
            #expect(try run.number("strategies.swr.lock_waits_given_up") == 0, "\(run.output)")
            #expect(try run.number("strategies.swr.backend_queries") == refreshes, "\(run.output)")
        }
    }

    @Test func theStaleSetRaceLeavesTheOldRowUntilTheTTL() async throws {
        try await ServerFixture.withServer { server in
            let run = await LabRun.run(
                ".lab cache-aside --quick --scenario race --invalidate delete --ttl 2s --strategy none,naive,lock --show-commands",
                on: server)
            // naive's TTL as sent, SET EX in whole seconds (the listing's first SETs are
            // naive's): rounded a second up or down would be caught here, not by timing the
            // stale window. lock sends PX in milliseconds.
            #expect(run.words.contains("… EX 2 "), "\(run.output)")
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            for strategy in ["naive", "lock"] {
                let staleReads = try run.number("strategies.\(strategy).stale_reads")
                #expect(staleReads > 0)
                // The reader's SET lands just after the commit and lives 2,000 ms (naive: EX 2;
                // lock: PX 2000). The observer reads every 25 ms, so its last stale read ends
                // within 25 ms and one read before the TTL runs out, and none comes after:
                // stale_for_ms is 2,000 − 25 − a read ≤ x ≤ 2,000 + the SET's and a read's delay.
                // Below: 400 ms for a loaded machine (one observer step took 280 ms on two shared
                // cores). Above, only that it ended: a loaded CI machine delayed the observer
                // past 2,400 ms; the TTL itself is checked as sent, above.
                let staleFor = try run.number("strategies.\(strategy).stale_for_ms")
                #expect(staleFor > 2000 - 25 - 400 && staleFor < 2000 * 2, "\(strategy): \(staleFor)")
                // Each stale read but the first came at least 25 ms after the one before.
                #expect((staleReads - 1) * 25 <= staleFor, "\(strategy): \(staleReads) stale reads in \(staleFor) ms")
            }
            // No cache: the reader and the observer each queried once, and the observer's one
            // read found the new row (the writer's request is the third).
            #expect(try run.number("strategies.none.requests") == 3)
            #expect(try run.number("strategies.none.backend_queries") == 2)
            #expect(try run.number("strategies.none.stale_reads") == 0)
        }
    }

    @Test func negativeCachingKeepsMissingIdsFromTheDatabase() async throws {
        try await ServerFixture.withServer { server in
            let options = "--quick --clients 1 --requests 600 --products 100 --missing-ratio 0.5 --write-ratio 0 --featured-ratio 0"
            let plain = await LabRun.run(".lab cache-aside \(options) --strategy naive,lock", on: server)
            let negative = await LabRun.run(".lab cache-aside \(options) --strategy naive,lock --negative-ttl 60s", on: server)
            #expect(plain.result.ok && negative.result.ok)
            // Without tombstones every read of a missing id is a query.
            let missingReads = try plain.number("strategies.lock.negative_lookups_to_backend")
            #expect(missingReads > 200)
            // With them lock asks once per missing id (at most 100 distinct ids here).
            let distinct = try negative.number("strategies.lock.negative_lookups_to_backend")
            #expect(distinct <= 100 && distinct > 0)
            // naive, as the tutorial wrote it, caches the fetcher's null as the string "null" for
            // the full TTL, asked for or not: once per distinct id too, in both runs.
            #expect(try plain.number("strategies.naive.negative_lookups_to_backend") == distinct)
            #expect(try negative.number("strategies.naive.negative_lookups_to_backend") == distinct)
        }
    }

    /// What naive leaves in Redis is what `JSON.stringify(null)` gives, with SET EX's TTL: one
    /// "null" key per missing id the database was asked for.
    @Test func naiveCachesNotFoundAsJSONNullLikeTheTutorial() async throws {
        try await ServerFixture.withServer { server in
            let options = "--quick --clients 1 --requests 300 --products 50 --missing-ratio 0.5 --write-ratio 0 --featured-ratio 0"
            let run = await LabRun.run(".lab cache-aside \(options) --strategy naive --keep", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "")")
            let client = ServerFixture.client(server)
            var nullKeys = 0
            var cursor = "0"
            repeat {
                let reply = try await client.call("SCAN", cursor, "MATCH", "rwb:lab:cache-aside:*", "COUNT", "1000")
                cursor = reply.elements?.first?.string ?? "0"
                for key in reply.elements?.last?.elements ?? [] {
                    guard let name = key.string, try await client.call("GET", name) == .bulk("null") else { continue }
                    nullKeys += 1
                    let ttl = try await client.call("TTL", name).int ?? -1
                    #expect(ttl > 0 && ttl <= 60, "\(name): TTL \(ttl)")
                }
            } while cursor != "0"
            await client.close()
            #expect(nullKeys > 0)
            #expect(Double(nullKeys) == (try run.number("strategies.naive.negative_lookups_to_backend")))
        }
    }

    /// --keep is honoured or refused: a lab that leaves no keys of its own refuses it.
    @Test func keepIsRefusedWhereThereIsNothingToKeep() async throws {
        try await ServerFixture.withServer { server in
            let run = await LabRun.run(".analyze --keep", on: server)
            guard case .usage(let message)? = run.result.failure else {
                Issue.record("\(String(describing: run.result.failure))")
                return
            }
            #expect(message.contains("leaves no keys of its own to keep"), "\(message)")
        }
        // The script checker refuses the line before anything runs.
        for lab in [LabCatalog.named("failover"), LabCatalog.named("ratelimit serve"), LabCatalog.tool("analyze")] {
            let lab = try #require(lab)
            #expect(lab.problem(["--keep"])?.contains("leaves no keys of its own to keep") == true, "\(lab.labName)")
        }
        #expect(try #require(LabCatalog.named("cache-aside")).problem(["--keep"]) == nil)
    }

    @Test func optionsTheChosenStrategiesWouldIgnoreAreRefused() throws {
        let lab = try #require(LabCatalog.named("cache-aside"))
        #expect(lab.problem(["--strategy", "naive", "--negative-ttl", "60"])?.contains("naive caches 'not found'") == true)
        #expect(lab.problem(["--strategy", "none,naive", "--negative-ttl", "60"]) != nil)
        #expect(lab.problem(["--strategy", "lock", "--beta", "2"])?.contains("XFetch's parameter") == true)
        #expect(lab.problem(["--strategy", "naive,lock", "--negative-ttl", "60"]) == nil)
        #expect(lab.problem(["--strategy", "xfetch", "--beta", "2"]) == nil)
        #expect(lab.problem(["--beta", "2"]) == nil)
    }

    @Test func coldStartCountsDistinctKeysAndLockQueriesEachOnce() async throws {
        try await ServerFixture.withServer { server in
            let run = await LabRun.run(".lab cache-aside --quick --scenario cold-start --clients 8 --strategy lock", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "")")
            let distinct = try run.number("strategies.lock.distinct_keys")
            let queries = try run.number("strategies.lock.backend_queries")
            // One query a key, exactly, unless the machine stalled a holder past its 1 s lock
            // (CI under load): then the lock's own counts say how many more there could be (a
            // new holder after the expiry, a waiter that gave up), and no query goes unexplained.
            let expired = try run.number("strategies.lock.locks_expired_while_held")
            let gaveUp = try run.number("strategies.lock.lock_waits_given_up")
            #expect(queries >= distinct && queries <= distinct + expired + gaveUp, "\(run.output)")
            if expired + gaveUp == 0 { #expect(queries == distinct) }
        }
    }

    @Test func theSameSeedGivesTheSameReportApartFromTimingFields() async throws {
        try await ServerFixture.withServer { server in
            let line = ".lab cache-aside --quick --clients 1 --requests 500 --seed 42 --json"
            let first = await LabRun.run(line, on: server)
            let second = await LabRun.run(line, on: server)
            #expect(first.result.ok && second.result.ok)
            #expect(!first.stableJSON.isEmpty)
            #expect(first.stableJSON == second.stableJSON)
            let other = await LabRun.run(".lab cache-aside --quick --clients 1 --requests 500 --seed 43 --json", on: server)
            #expect(other.stableJSON != first.stableJSON)
        }
    }

    /// A lab that deletes its keys as it goes (ratelimit) has none to keep, and says so
    /// rather than claiming to have kept them.
    @Test func keepSaysWhenThereWasNothingToKeep() async throws {
        try await ServerFixture.withServer { server in
            let run = await LabRun.run(".lab ratelimit --quick --algorithm gcra --keys 2 --keep", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "")")
            let client = ServerFixture.client(server)
            let left = try await client.call("DBSIZE").int ?? -1
            await client.close()
            #expect(left == 0)
            #expect(
                run.errors.contains("the lab deleted its keys under rwb:lab:ratelimit: as it went; there are none to keep"), "\(run.errors)"
            )
        }
    }

    @Test func keysLeftByKeepAreRemovedByTheNextRunWithAMessage() async throws {
        try await ServerFixture.withServer { server in
            let kept = await LabRun.run(".lab cache-aside --quick --strategy lock --requests 100 --keep", on: server)
            #expect(kept.result.ok)
            let client = ServerFixture.client(server)
            let left = try await client.call("DBSIZE").int ?? 0
            #expect(left > 0)
            // The count said is the count left.
            #expect(kept.errors.contains("kept \(Format.count(Int(left), "key")) under rwb:lab:cache-aside: (--keep)"), "\(kept.errors)")
            let next = await LabRun.run(".lab cache-aside --quick --strategy lock --requests 100", on: server)
            #expect(next.errors.contains("removed \(left) keys an earlier run left under rwb:lab:cache-aside:"))
            #expect(try await client.call("DBSIZE") == .integer(0))
            await client.close()
        }
    }

    @Test func badOptionsAreRefusedBeforeAnythingRuns() async throws {
        try await ServerFixture.withServer { server in
            for (options, message) in [
                ("--clients 0", "--clients 0"), ("--ttl -1", "--ttl -1s: from 1ms to 720h"),
                ("--db /nonexistent/dir/x.db", "does not exist"),
                ("--strategy nope", "--strategy nope"), ("--clinets 3", "Unknown option '--clinets'"),
            ] {
                let run = await LabRun.run(".lab cache-aside \(options)", on: server)
                guard case .usage(let text)? = run.result.failure else {
                    Issue.record("\(options): \(String(describing: run.result.failure))")
                    continue
                }
                #expect(text.contains(message), "\(options): \(text)")
            }
        }
    }
}

extension CacheAsideLabTests {
    @Test func theSessionSeedIsTheLabsDefaultAndShowCommandsListsWhatWasSent() async throws {
        try await ServerFixture.withServer { server async throws in
            let output = BufferSink()
            let session = Session(settings: Session.Settings(mode: .raw), output: output, errors: BufferSink())
            await session.use(server.options)
            #expect(await session.run(".seed 9", at: .prompt).ok)
            let result = await session.run(
                ".lab cache-aside --quick --strategy naive --clients 1 --requests 50 --show-commands", at: .prompt)
            #expect(result.ok)
            let report = try #require(await session.lastLabReport)
            #expect(report["seed"] == .int(9))
            let text = output.text
            #expect(text.contains("cache-aside lab · seed 9"))
            #expect(text.contains("Commands the lab sent (the first 3 of each kind"))
            #expect(text.contains("  GET × "))
            #expect(text.contains("    GET rwb:lab:cache-aside:"))
            await session.shutdown()
        }
    }
}
