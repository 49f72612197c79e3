import ArgumentParser
import Foundation
import Testing

@testable import Workbench

/// Every option of every lab and tool, fed the values a hostile or careless user types:
/// each is refused with a message (exit 2) or accepted, never a trap. The script checker
/// runs the same parse (`LabEntry.problem`), so a script line cannot crash it either.
@Suite struct HostileOptionValuesTests {
    /// Values no option may accept (seeds aside: Int64.max is a fine seed).
    static let absurd = ["nan", "inf", "-inf", "1e300", "-1e300", "9223372036854775807"]
    /// Values that some options accept and others refuse; either way without a trap.
    static let edges = ["0", "-1"]
    /// Options whose value is a name or a path, where "nan" is a fine answer.
    static let exempt: Set<String> = ["seed", "db", "match"]

    /// The long names of the options that take a value, from the parser's own description.
    private func valueOptions<Spec: LabSpec>(_ spec: Spec.Type) throws -> [String] {
        var dump = ""
        do {
            _ = try LabDotCommand<Spec>.parse(["--experimental-dump-help"])
        } catch {
            dump = LabDotCommand<Spec>.fullMessage(for: error)
        }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        let arguments = try #require(command["arguments"] as? [[String: Any]])
        return arguments.filter { $0["kind"] as? String == "option" }.compactMap { argument in
            (argument["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String
        }
    }

    /// Parses and plans as the script checker does (`LabEntry.problem`), without rendering
    /// each refusal's usage text, which takes a tenth of a second in a debug build.
    private func check<Spec: LabSpec>(_ spec: Spec.Type, required: [String] = []) throws {
        let options = try valueOptions(spec)
        #expect(!options.isEmpty, "\(Spec.name): no options found in the parser's description")
        for option in options {
            // A required argument (ratelimit load's URL) comes first, so that the option is what is judged.
            for value in Self.absurd + Self.edges {
                let accepted = (try? LabDotCommand<Spec>.parse(required + ["--\(option)", value]).arguments.plan()) != nil
                if Self.absurd.contains(value) && !Self.exempt.contains(option) {
                    #expect(!accepted, "\(Spec.name) --\(option) \(value) was accepted")
                }
            }
        }
    }

    @Test func everyLabRefusesAbsurdNumbersAndNeverTraps() throws {
        var checked: [String] = []
        func run<Spec: LabSpec>(_ spec: Spec.Type, required: [String] = []) throws {
            try check(spec, required: required)
            checked.append(Spec.name)
        }
        try run(CacheAsideSpec.self)
        try run(HashProfilesSpec.self)
        try run(FailingFillsSpec.self)
        try run(RateLimitSpec.self)
        try run(RateLimitServeSpec.self)
        try run(RateLimitLoadSpec.self, required: ["http://127.0.0.1:8080/api/x"])
        try run(EvictionSpec.self)
        try run(FailoverSpec.self)
        try run(AnalyzeSpec.self)
        // A lab added to the catalogue is added here too.
        #expect(Set(checked) == Set((LabCatalog.all + LabCatalog.tools).map(\.labName)))
    }

    @Test func theRangeIsNamedInTheMessage() throws {
        let entry = try #require(LabCatalog.named("cache-aside"))
        let cases = [
            ("--db-latency", "nan", "--db-latency nan: from 0 to 10000 ms"), ("--ttl", "1e300", "from 1ms to 720h"),
            ("--ttl", "-1e300", "from 1ms to 720h"), ("--zipf", "nan", "--zipf nan: from 0 to 10"),
            ("--beta", "nan", "--beta nan: more than 0, up to 100"), ("--duration", "1e300", "from 1ms to 24h"),
        ]
        for (option, value, message) in cases {
            let problem = entry.problem([option, value]) ?? ""
            #expect(problem.contains(message), "\(option) \(value): \(problem)")
        }
        let ratelimit = try #require(LabCatalog.named("ratelimit"))
        #expect(ratelimit.problem(["--window", "1e300"])?.contains("from 1ms to 24h") == true)
        #expect(ratelimit.problem(["--limit", "9223372036854775807"])?.contains("from 1 to 1000000") == true)
    }

    @Test func emptyAndRepeatedNamesAreRefused() throws {
        for (lab, option) in [("cache-aside", "--strategy"), ("ratelimit", "--algorithm"), ("hash-profiles", "--layout"), ("eviction", "--policy")] {
            let entry = try #require(LabCatalog.named(lab))
            for value in ["", ",", "all,", "x,,y"] {
                #expect(entry.problem([option, value]) != nil, "\(lab) \(option) '\(value)' was accepted")
            }
        }
        let cacheAside = try #require(LabCatalog.named("cache-aside"))
        #expect(cacheAside.problem(["--strategy", "lock,lock"])?.contains("named twice") == true)
        #expect(cacheAside.problem(["--strategy", "LOCK,naive"]) == nil)
    }

    @Test func topRefusesAbsurdNumbers() {
        for option in ["--interval", "--samples"] {
            for value in Self.absurd {
                #expect(throws: (any Error).self, "top \(option) \(value)") { try TopOptions.parse([option, value]) }
            }
        }
    }

    @Test func hugeDurationsPrintWithoutTrapping() {
        #expect(DurationArgument(seconds: 1e300).description == "1e+300s")
        #expect(DurationArgument(seconds: -1e300).description == "-1e+300s")
        #expect(DurationArgument(seconds: 60).description == "60s")
        #expect(DurationArgument(seconds: 0.5).description == "500ms")
        #expect(DurationArgument.spelled(86_400) == "24h")
        #expect(DurationArgument.spelled(600) == "10m")
        #expect(DurationArgument.spelled(0.001) == "1ms")
    }
}
