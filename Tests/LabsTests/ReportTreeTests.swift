import Testing

@testable import Labs

private struct Row: Encodable, Sendable {
    var layout: String
    var bytesPerProfile: Int
    var note: String?
}

private struct Sample: LabReport {
    var hitRatio: Double
    var backendQueries: Int
    var ok: Bool
    var strategies = NamedResults<Row>()
    var layouts: [Row]
    var timingDependent: [String] { ["hit_ratio"] }
}

@Suite struct ReportTreeTests {
    private func sample() throws -> ReportValue {
        var report = Sample(
            hitRatio: 0.5, backendQueries: 3, ok: true,
            layouts: [
                Row(layout: "hash", bytesPerProfile: 96, note: nil), Row(layout: "json", bytesPerProfile: 160, note: "one string"),
            ])
        report.strategies.set("naive", Row(layout: "n", bytesPerProfile: 1))
        report.strategies.set("lock", Row(layout: "l", bytesPerProfile: 2))
        return try ReportEncoder.encode(report)
    }

    @Test func fieldsAreSnakeCaseInDeclarationOrderAndNamedResultsKeepTheirs() throws {
        let json = try sample().json()
        #expect(
            json
                == #"{"hit_ratio":0.5,"backend_queries":3,"ok":true,"strategies":{"naive":{"layout":"n","bytes_per_profile":1},"lock":{"layout":"l","bytes_per_profile":2}},"layouts":[{"layout":"hash","bytes_per_profile":96},{"layout":"json","bytes_per_profile":160,"note":"one string"}]}"#
        )
    }

    @Test func numbersAndStringsPrintAsValidJSON() {
        #expect(ReportValue.double(2).json() == "2")
        #expect(ReportValue.double(0.1).json() == "0.1")
        #expect(ReportValue.double(.infinity).json() == "null")
        #expect(ReportValue.string("a\"b\n\u{1}").json() == #""a\"b\n\u0001""#)
        #expect(ReportEncoder.snakeCase("p999") == "p999")
        #expect(ReportEncoder.snakeCase("usedMemoryPerProfile") == "used_memory_per_profile")
    }

    @Test func pathsSelectFieldsRowsAndIndexes() throws {
        let tree = try sample()
        #expect(try ReportPath("strategies.lock.bytes_per_profile").resolve(in: tree) == .int(2))
        #expect(try ReportPath("layouts[layout=json].bytes_per_profile").resolve(in: tree) == .int(160))
        #expect(try ReportPath("layouts[1].note").resolve(in: tree) == .string("one string"))
        #expect(try ReportPath("layouts.hash.bytes_per_profile").resolve(in: tree) == .int(96))
    }

    @Test func aMissingPathListsWhatExists() throws {
        let tree = try sample()
        do {
            _ = try ReportPath("strategies.xfetch.backend_queries").resolve(in: tree)
            Issue.record("a missing path resolved")
        } catch {
            #expect(error.description == "no field lab.strategies.xfetch; lab.strategies has: naive, lock")
        }
        do {
            _ = try ReportPath("backend_queries.x").resolve(in: tree)
            Issue.record("a path through a number resolved")
        } catch {
            #expect(error.description.contains("lab.backend_queries is a value (3)"))
            #expect(error.description.contains("lab.strategies.naive.bytes_per_profile"))
        }
        #expect(throws: ReportPath.Problem.self) { try ReportPath("layouts[x") }
    }

    @Test func comparisonsHoldOrNot() throws {
        func holds(_ words: [String], _ value: ReportValue) throws -> Bool { try ReportComparison(words: words).holds(for: value) }
        #expect(try holds(["==", "3"], .int(3)))
        #expect(try holds(["==", "3"], .double(3)))
        #expect(try !holds(["!=", "3"], .int(3)))
        #expect(try holds(["<", "3.5"], .int(3)))
        #expect(try holds([">=", "3"], .int(3)))
        #expect(try holds(["~=", "0.9", "±0.05"], .double(0.94)))
        #expect(try !holds(["~=", "0.9", "+-0.05"], .double(0.96)))
        #expect(try holds(["==", "lock"], .string("lock")))
        #expect(try holds(["==", "true"], .bool(true)))
        #expect(throws: ReportPath.Problem.self) { try ReportComparison(words: ["<", "many"]) }
        #expect(throws: ReportPath.Problem.self) { try ReportComparison(words: ["~=", "1"]) }
        #expect(throws: ReportPath.Problem.self) { try ReportComparison(words: ["=", "1"]) }
    }
}

@Suite struct SnakeCaseTests {
    @Test func acronymsAreOneWord() {
        #expect(ReportEncoder.snakeCase("withTTL") == "with_ttl")
        #expect(ReportEncoder.snakeCase("usedMemoryRSSBytes") == "used_memory_rss_bytes")
        #expect(ReportEncoder.snakeCase("ttlOverheadBytes") == "ttl_overhead_bytes")
        #expect(ReportEncoder.snakeCase("p999") == "p999")
        #expect(ReportEncoder.snakeCase("already_snake") == "already_snake")
    }
}
