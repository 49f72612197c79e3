import ArgumentParser
import Foundation
import TestSupport
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
    private static func valueOptions<Spec: LabSpec>(_ spec: Spec.Type) -> [String] {
        var dump = ""
        do {
            _ = try LabDotCommand<Spec>.parse(["--experimental-dump-help"])
        } catch {
            dump = LabDotCommand<Spec>.fullMessage(for: error)
        }
        let root = (try? JSONSerialization.jsonObject(with: Data(dump.utf8))) as? [String: Any]
        let arguments = (root?["command"] as? [String: Any])?["arguments"] as? [[String: Any]] ?? []
        return arguments.filter { $0["kind"] as? String == "option" }.compactMap { argument in
            (argument["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String
        }
    }

    /// Parses and plans as the script checker does (`LabEntry.problem`), without rendering
    /// each refusal's usage text; returns what went wrong (an absurd value accepted, or no
    /// options found). A trap ends the test process, which fails the run.
    private static func violations<Spec: LabSpec>(_ spec: Spec.Type, required: [String] = []) -> [String] {
        let options = valueOptions(spec)
        var found = options.isEmpty ? ["\(Spec.name): no options found in the parser's description"] : []
        for option in options {
            // A required argument (ratelimit load's URL) comes first, so that the option is what is judged.
            for value in absurd + edges {
                let accepted = (try? LabDotCommand<Spec>.parse(required + ["--\(option)", value]).arguments.plan()) != nil
                if accepted && absurd.contains(value) && !exempt.contains(option) {
                    found.append("\(Spec.name) --\(option) \(value) was accepted")
                }
            }
        }
        return found
    }

    /// About 500 parses of a debug build's parser take tens of seconds: they run on a
    /// thread of their own, not on one of the two threads every other test's tasks share.
    @Test func everyLabRefusesAbsurdNumbersAndNeverTraps() async throws {
        let (found, checked) = try await TestShell.offThePool { () -> ([String], [String]) in
            var found: [String] = []
            var checked: [String] = []
            func run<Spec: LabSpec>(_ spec: Spec.Type, required: [String] = []) {
                found += Self.violations(spec, required: required)
                checked.append(Spec.name)
            }
            run(CacheAsideSpec.self)
            run(ClientCacheSpec.self)
            run(HashProfilesSpec.self)
            run(LeaderboardSpec.self)
            run(PubSubSpec.self)
            run(QueueSpec.self)
            run(LockSpec.self)
            run(FailingFillsSpec.self)
            run(RateLimitSpec.self)
            run(RateLimitServeSpec.self)
            run(RateLimitLoadSpec.self, required: ["http://127.0.0.1:8080/api/x"])
            run(SessionsSpec.self)
            run(SessionsEvictionSpec.self)
            run(EvictionSpec.self)
            run(FailoverSpec.self)
            run(ServerlessSpec.self)
            run(AnalyzeSpec.self)
            return (found, checked)
        }
        #expect(found.isEmpty, "\(found)")
        // A lab added to the catalogue is added here too; top has no LabSpec, and its options
        // are fed the same values in topRefusesAbsurdNumbers.
        #expect(Set(checked + ["top"]) == Set((LabCatalog.all + LabCatalog.tools).map(\.labName)))
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
        for (lab, option) in [
            ("cache-aside", "--strategy"), ("ratelimit", "--algorithm"), ("hash-profiles", "--layout"), ("eviction", "--policy"),
            ("queue", "--designs"), ("sessions", "--touches"), ("sessions eviction", "--policies"),
        ] {
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
