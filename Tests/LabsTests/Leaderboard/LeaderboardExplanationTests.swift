import Testing

@testable import Labs
@testable import Workbench

/// The leaderboard lab's "What this shows", fed reports with opposite numbers: each claim
/// appears only when the figures support it.
@Suite struct LeaderboardExplanationTests {
    private func side(_ members: Int, _ encoding: String, _ perMember: Double) -> ZsetCliffSide {
        ZsetCliffSide(
            members: members, longestMember: 7, encoding: encoding, bytes: Int(perMember * Double(members)), bytesPerMember: perMember)
    }

    private func ranking(out: Int, mismatches: Int = 0, decode: Int = 0, score: Int = 1000) -> TieRanking {
        TieRanking(score: score, outOfArrivalOrder: out, modelMismatches: mismatches, scoreDecodeErrors: decode)
    }

    private func report(
        growth: [(Int, String, Double)] = [(1000, "skiplist", 80), (100_000, "skiplist", 90)], over: ZsetCliffSide? = nil,
        mismatches: Int = 0, plain: TieRanking? = nil, composite: TieRanking? = nil, overBound: TieRanking? = nil
    ) -> LeaderboardReport {
        var report = LeaderboardReport(thresholds: ZsetListpackLimits(entries: 128, value: 64))
        report.growth = growth.map {
            GrowthStep(
                members: $0.0, encoding: $0.1, bytes: Int($0.2) * $0.0, bytesPerMember: $0.2, zaddCommands: 2, membersAddedPerSec: 100_000)
        }
        report.cliff = ZsetCliff(
            entriesAtLimit: side(128, "listpack", 12.5), entriesOverLimit: over ?? side(129, "skiplist", 98.2),
            valueAtLimit: side(1, "listpack", 90), valueOverLimit: side(1, "skiplist", 250))
        report.operationsOn = 100_000
        report.operations = BoardOperation.allCases.map {
            OperationResult(
                operation: $0, count: 500, roundTrips: 1, mismatches: $0 == .zrevrank ? mismatches : 0, p50Us: 40, p99Us: 90, perSec: 20_000
            )
        }
        report.rankMismatches = mismatches
        report.ties = TieOrder(
            players: 12, score: 1000, arrivalOrder: ["zoe", "Adam"], redisOrder: ["zoe", "Adam"], plain: plain ?? ranking(out: 10),
            composite: composite ?? ranking(out: 0), compositeOverBound: overBound ?? ranking(out: 7, decode: 1, score: 8_388_608),
            timeBits: 32, maxExactScore: 2_097_151)
        return report
    }

    private func text(_ report: LeaderboardReport) -> String { LeaderboardExplanation.sentences(report).joined(separator: " ") }

    @Test func growthSaysWhetherTheEncodingChanged() {
        let same = text(report())
        #expect(same.contains("From 1,000 to 100,000 members the set stayed skiplist, at 80 and then 90 bytes a member."))
        let changed = text(report(growth: [(100, "listpack", 12), (1000, "skiplist", 80)]))
        #expect(changed.contains("From 100 to 1,000 members the set went listpack → skiplist, at 12 and then 80 bytes a member."))
        #expect(!changed.contains("stayed"))
        #expect(!text(report(growth: [(1000, "skiplist", 80)])).contains("From 1,000"))
    }

    @Test func theCliffSaysTurnedOnlyForWhatChanged() {
        let both = text(report())
        #expect(
            both.contains(
                "One member past zset-max-listpack-entries (128) turned listpack into skiplist and 12.5 bytes a member into 98.2."))
        let nothing = text(report(over: side(129, "listpack", 12.5)))
        #expect(
            nothing.contains(
                "One member past zset-max-listpack-entries (128) changed nothing here: listpack and 12.5 bytes a member either way."))
        #expect(!nothing.contains("(128) turned"))
        let bytesOnly = text(report(over: side(129, "listpack", 13)))
        #expect(bytesOnly.contains("left the encoding listpack and turned 12.5 bytes a member into 13."))
        #expect(
            text(report()).contains("One byte past zset-max-listpack-value turned listpack into skiplist and 90 bytes a member into 250."))
    }

    @Test func theModelSentenceFollowsTheMismatchCount() {
        let agreed = text(report(mismatches: 0))
        #expect(agreed.contains("All 2,000 answers on 100,000 members (new scores, top 10s, ranks, pages) matched the in-process model"))
        let differed = text(report(mismatches: 3))
        #expect(differed.contains("3 of 2,000 answers on 100,000 members differed from the in-process model."))
        #expect(!differed.contains("matched"))
    }

    @Test func tieSentencesFollowTheCounts() {
        let usual = text(report())
        #expect(
            usual.contains(
                "12 players tied at 1,000 came back ordered by member bytes, descending, not by who got there first: 10 of 12 places"))
        #expect(
            usual.contains("they came back first come, first served, every score decoding exactly; that holds for scores up to 2,097,151"))
        #expect(
            usual.contains(
                "At 8,388,608, past that bound, the double rounded the time away: 7 places out of arrival order, 1 score decoded wrong."))

        let lucky = text(report(plain: ranking(out: 0), overBound: ranking(out: 0, score: 8_388_608)))
        #expect(lucky.contains("which here happened to be the arrival order"))
        #expect(!lucky.contains("not by who got there first"))
        #expect(lucky.contains("At 8,388,608, past that bound, these arrival times survived the rounding."))
        #expect(!lucky.contains("rounded the time away"))

        let broken = text(report(plain: ranking(out: 4, mismatches: 2), composite: ranking(out: 3, decode: 1)))
        #expect(broken.contains("came back in an order that differs from member bytes, descending, in 2 places."))
        #expect(!broken.contains("came back ordered by member bytes"))
        #expect(broken.contains("3 places still out of arrival order and 1 score decoded wrong."))
        #expect(!broken.contains("first come, first served"))
    }

    private func periods(mismatches: Int = 0, modelMembers: Int = 970, inBoth: Int = 3) -> PeriodReport {
        PeriodReport(
            players: 1000, eventsPerDay: 1000, days: 14, week: "20260112–20260118", zincrbyCommands: 28_000, weekMembers: 970,
            weekModelMembers: modelMembers, weekTop10Mismatches: mismatches, allTimeMembers: 1000, allTimeTop10Mismatches: 0,
            top10InBoth: inBoth, favouredPerWeek: 10, favouredInWeekTop10: 10, dayKeysBytes: 297_360, weekKeyBytes: 99_024,
            allTimeKeyBytes: 102_608, dayKeysWithTTL: 14)
    }

    @Test func periodSentencesFollowTheCounts() {
        let exact = LeaderboardExplanation.periodSentences(periods()).joined(separator: " ")
        #expect(exact.contains("One ZUNIONSTORE of the 7 day keys built the week (970 players), its top 10 exactly the model's."))
        #expect(exact.contains("shares only 3 of the week's top 10, where 10 are of the 10 players that week favoured"))
        #expect(
            exact.contains("14 of 14 day keys carry a TTL; the week's ranking took its 7 day keys (297,360 bytes) and the union (99,024)"))
        let wrong = LeaderboardExplanation.periodSentences(periods(mismatches: 2, modelMembers: 971)).joined(separator: " ")
        #expect(wrong.contains("built the week (970 players); the model counted 971 players, and 2 places of the top 10 differ."))
        #expect(!wrong.contains("exactly the model's"))
        let same = LeaderboardExplanation.periodSentences(periods(inBoth: 10)).joined(separator: " ")
        #expect(same.contains("The all-time key's top 10 is the week's here: this workload does not tell the two apart."))
        #expect(!same.contains("shares only"))
    }
}
