import Labs

/// `.lab NAME [options]` and `.expect lab.PATH OP VALUE`: labs from the REPL and scripts,
/// with the shell's parser for the options.
extension DotCommand {
    static let labCommands: [DotCommand] =
        [
            DotCommand(
                name: "lab", synopsis: ".lab [NAME [options]]", summary: "run a lab (.lab lists them, .lab NAME --help)",
                completions: LabCatalog.all.map(\.labName), check: labProblem
            ) { call in
                guard let name = call.words.first else {
                    call.session.output.write(LabCatalog.listing)
                    return LineResult()
                }
                guard let (entry, used) = LabCatalog.named(words: call.words) else {
                    return LineResult(failure: .usage(LabCatalog.unknown(name)))
                }
                return await entry.run(Array(call.words.dropFirst(used)), call.session)
            }
        ]
        + LabCatalog.tools.map { tool in
            DotCommand(name: tool.labName, synopsis: ".\(tool.labName) [options]", summary: tool.labSummary, check: tool.problem) { call in
                await tool.run(call.words, call.session)
            }
        }

    private static func labProblem(_ words: [String]) -> String? {
        guard let name = words.first else { return nil }
        guard let (entry, used) = LabCatalog.named(words: words) else { return LabCatalog.unknown(name) }
        return entry.problem(Array(words.dropFirst(used)))
    }
}

/// `.expect lab.PATH OP VALUE` on the last lab report.
enum LabAssertion {
    static func check(_ words: [String], report: ReportValue?) -> LineResult {
        guard let first = words.first, first.hasPrefix("lab.") else {
            return LineResult(failure: .usage("usage: .expect lab.PATH OP VALUE"))
        }
        guard let report else {
            return LineResult(failure: .assertion("expected \(words.joined(separator: " ")), but no lab has run in this session yet"))
        }
        do {
            let path = try ReportPath(String(first.dropFirst(4)))
            let comparison = try ReportComparison(words: Array(words.dropFirst()))
            let actual = try path.resolve(in: report)
            if comparison.holds(for: actual) { return LineResult() }
            return LineResult(failure: .assertion("expected \(first) \(comparison), got \(actual.text)"))
        } catch {
            // Every step throws ReportPath.Problem (typed throws).
            return LineResult(failure: .assertion("\(first): \(error.description)"))
        }
    }

    /// Problems seen before the script runs: the path's and the comparison's syntax.
    static func problem(_ words: [String]) -> String? {
        guard let first = words.first, first.hasPrefix("lab.") else { return nil }
        do {
            _ = try ReportPath(String(first.dropFirst(4)))
            _ = try ReportComparison(words: Array(words.dropFirst()))
            return nil
        } catch {
            return "\(first): \(error)"
        }
    }
}
