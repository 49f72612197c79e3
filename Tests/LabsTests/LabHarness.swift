import Labs
import RESP
import RedisClient
import TestSupport
import Workbench

/// Runs `.lab …` lines on a session connected to a test's server, as the REPL and scripts
/// do, and hands back what the lab printed and reported.
struct LabRun {
    var result: LineResult
    var report: ReportValue?
    var output: String
    var errors: String

    static func run(_ line: String, on server: ThrowawayServer, prefix: String = "rwb:") async -> LabRun {
        await run(line, options: server.options, prefix: prefix)
    }

    /// The same on a session connected with `options` (a cluster's node).
    static func run(_ line: String, options: ConnectionOptions, prefix: String = "rwb:") async -> LabRun {
        let output = BufferSink()
        let errors = BufferSink()
        var settings = Session.Settings(mode: .raw)
        settings.prefix = prefix
        let session = Session(settings: settings, output: output, errors: errors)
        await session.use(options)
        let result = await session.run(line, at: .prompt)
        let report = await session.lastLabReport
        await session.shutdown()
        return LabRun(result: result, report: report, output: output.text, errors: errors.text)
    }

    /// What the lab printed with its line wrapping undone: a sentence of "What this shows"
    /// as one line.
    var words: String { output.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    /// The number at `path` in the report (`strategies.lock.backend_queries`).
    func number(_ path: String) throws -> Double {
        guard let report else { throw LabError("no report: \(result.failure?.message ?? "") \(errors)") }
        let value = try ReportPath(path).resolve(in: report)
        guard let number = value.number else { throw LabError("\(path) is \(value.text), not a number") }
        return number
    }

    /// The report without the fields that may vary between runs with the same seed.
    var stableJSON: String { stableJSON(without: []) }

    /// The same without some top-level fields too (`cluster`).
    func stableJSON(without fields: [String]) -> String {
        guard let report else { return "" }
        return Self.removing(report.timingDependentPaths + fields.map { [$0] }, from: report).json(pretty: true)
    }

    private static func removing(_ paths: [[String]], from value: ReportValue) -> ReportValue {
        if case .array(let rows) = value {
            let each = paths.filter { $0.first == "*" }.map { Array($0.dropFirst()) }
            return .array(rows.map { removing(each, from: $0) })
        }
        guard case .object(let fields) = value else { return value }
        return .object(
            fields.compactMap { field in
                let here = paths.filter { $0.first == field.name || $0.first == "*" }
                if here.contains(where: { $0.count == 1 }) { return nil }
                return ReportValue.Field(field.name, removing(here.map { Array($0.dropFirst()) }, from: field.value))
            })
    }
}

extension ReportValue {
    /// `timing_dependent`, split into segments.
    var timingDependentPaths: [[String]] {
        guard case .array(let items)? = self["timing_dependent"] else { return [] }
        return items.map { $0.text.split(separator: ".").map(String.init) } + [["timing_dependent"]]
    }
}
