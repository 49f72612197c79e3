import Testing

@testable import Labs
@testable import Workbench

/// The in-process sorted set the lab holds Redis to, and the options that size it.
@Suite struct BoardModelTests {
    @Test func ordersByScoreThenMemberDescending() {
        let model = BoardModel([("b", 5.0), ("a", 5), ("c", 5), ("B", 5), ("z", 7), ("ab", 5), ("é", 5)].map { (MemberBytes($0.0), $0.1) })
        // What redis-server 7.0 answers to ZREVRANGE for the same ZADD.
        #expect(model.entries.map(\.member.text) == ["z", "é", "c", "b", "ab", "a", "B"])
        #expect(model.rank(of: MemberBytes("ab")) == 4)
        #expect(model.rank(of: MemberBytes("nobody")) == nil)
    }

    @Test func incrementMovesAnEntryBothWays() {
        var model = BoardModel((0..<10).map { ($0, Double($0 * 10)) })
        #expect(model.increment(0, by: 55) == 55)
        #expect(model.entries.map(\.member) == [9, 8, 7, 6, 0, 5, 4, 3, 2, 1])
        #expect(model.increment(9, by: -100) == -10)
        #expect(model.entries.map(\.member) == [8, 7, 6, 0, 5, 4, 3, 2, 1, 9])
        // An equal score: the larger member first.
        #expect(model.increment(1, by: 40) == 50)
        #expect(model.entries.map(\.member) == [8, 7, 6, 0, 5, 1, 4, 3, 2, 9])
        #expect(model.increment(42, by: 1) == 1)
        #expect(model.rank(of: 42) == 9)
        #expect(model.count == 11)
    }

    @Test func rangesClampAsRedisDoes() {
        let model = BoardModel((0..<5).map { ($0, Double($0)) })
        #expect(model.range(0, 9).map(\.member) == [4, 3, 2, 1, 0])
        #expect(model.range(3, 3).map(\.member) == [1])
        #expect(model.range(6, 9).isEmpty)
    }

    @Test func paddedNamesSortAsTheirIds() {
        let ids = [0, 7, 42, 999, 1000, 123_456, 1_999_999]
        let names = ids.map(Players.name)
        #expect(names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } == names)
        #expect(names.map(Players.id) == ids)
        #expect(Players.id("someone") == nil)
    }

    @Test func sizesAreBoundedDistinctAndSorted() throws {
        let entry = try #require(LabCatalog.named("leaderboard"))
        for bad in ["", "0", "2000001", "10,10", "nan", "1e300", "1,,2", "1,2,3,4,5,6,7,8,9"] {
            #expect(entry.problem(["--sizes", bad]) != nil, "\(bad)")
        }
        #expect(entry.problem(["--sizes", "2000001"])?.contains("from 1 to 2000000") == true)
        #expect(entry.problem(["--ties", "1"])?.contains("from 2 to 1000") == true)
        #expect(entry.problem(["--sizes", "100000,1000"]) == nil)
        let options = try LeaderboardOptions.parse(["--sizes", "100000,1000"])
        #expect(try LeaderboardSpec.lab(from: options, quick: false).sizes == [1000, 100_000])
        #expect(try LeaderboardSpec.lab(from: LeaderboardOptions.parse([]), quick: true).sizes.max() == 100_000)
        #expect(try LeaderboardSpec.lab(from: LeaderboardOptions.parse([]), quick: false).sizes.max() == 1_000_000)
    }
}
