import ArgumentParser
import Labs

extension AnalyzeLab.InspectionMethod: ExpressibleByArgument {}

/// `rwb analyze` (and `.analyze`) options.
public struct AnalyzeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Stop after N keys and scale the totals to DBSIZE (and say so).")
    var sample: Int?

    @Option(help: "Only keys matching this glob (SCAN MATCH).")
    var match: String?

    @Option(parsing: .unconditional, help: "How many of the largest keys to list.")
    var top = 10

    @Option(name: .customLong("scan-count"), parsing: .unconditional, help: "SCAN's COUNT: keys asked for per SCAN call.")
    var scanCount = 1000

    @Option(parsing: .unconditional, help: "Keys inspected per round trip (four commands each): the cap on pipeline depth.")
    var pipeline = 500

    @Option(parsing: .unconditional, help: "Connections inspecting keys at once.")
    var connections = 1

    @Option(parsing: .unconditional, help: "Milliseconds to pause between batches, to go easy on a busy server.")
    var throttle = 0

    @Option(parsing: .unconditional, help: "Key patterns to list; the rest are summed.")
    var patterns = 20

    @Flag(help: "Print the pattern table as CSV.")
    var csv = false

    @Option(help: "pipeline (four commands a key) or script (the same four in one read-only script a batch: faster, Redis 7+).")
    var method: AnalyzeLab.InspectionMethod = .script

    @Option(
        name: .customLong("memory-samples"), parsing: .unconditional,
        help:
            "MEMORY USAGE's SAMPLES: estimate each aggregate from N elements (faster on large ones; the report says sampled). Default: every element, exact."
    )
    var memorySamples: Int?

    public init() {}

    public func validate() throws {
        try OptionBounds.check("--sample", sample, 1...1_000_000_000, "keys")
        if !(1...1000).contains(top) { throw ValidationError("--top \(top): from 1 to 1000") }
        if !(1...100_000).contains(scanCount) { throw ValidationError("--scan-count \(scanCount): from 1 to 100000") }
        if !(1...10_000).contains(pipeline) { throw ValidationError("--pipeline \(pipeline): from 1 to 10000 keys") }
        if !(1...64).contains(connections) { throw ValidationError("--connections \(connections): from 1 to 64") }
        if !(0...60_000).contains(throttle) { throw ValidationError("--throttle \(throttle): from 0 to 60000 ms") }
        if !(1...10_000).contains(patterns) { throw ValidationError("--patterns \(patterns): from 1 to 10000") }
        try OptionBounds.check("--memory-samples", memorySamples, 1...100_000, "elements")
    }
}

/// `rwb analyze`: where the memory goes.
public enum AnalyzeSpec: LabSpec {
    public static func lab(from options: AnalyzeOptions, quick: Bool) throws -> AnalyzeLab {
        AnalyzeLab(
            sample: options.sample, match: options.match, top: options.top, scanCount: options.scanCount, pipelineKeys: options.pipeline,
            connections: options.connections, throttleMs: options.throttle, patterns: options.patterns, csv: options.csv,
            method: options.method, memorySamples: options.memorySamples)
    }

    public static func isDataFile(_ report: AnalyzeReport) -> Bool { report.csv }

    public static func render(_ report: AnalyzeReport, style: TextStyle) -> String {
        if report.csv { return patternsCSV(report) }
        let memory = report.memory
        var text =
            "Memory: \(Format.bytes(memory.usedMemory)) used (dataset \(Format.bytes(memory.usedMemoryDataset)), overhead \(Format.bytes(memory.usedMemoryOverhead))), "
            + "\(Format.bytes(memory.usedMemoryRss)) resident (fragmentation \(Format.number(memory.fragmentationRatio))), peak \(Format.bytes(memory.usedMemoryPeak)); "
            + "maxmemory \(memory.maxmemory == 0 ? "none" : Format.bytes(memory.maxmemory)) (\(memory.maxmemoryPolicy)).\n"
        if report.scale != 1 {
            text +=
                "Sampled \(Format.grouped(report.keysScanned)) of \(Format.grouped(report.dbsize)) keys; totals below are scaled by \(Format.number(report.scale)).\n"
        } else {
            text +=
                "\(Format.grouped(report.keysScanned)) keys inspected (DBSIZE \(Format.grouped(report.dbsize))), \(Format.bytes(report.totalBytes)) by MEMORY USAGE.\n"
        }
        if report.memoryUsage == "sampled" {
            text +=
                "MEMORY USAGE sampled \(Format.grouped(report.memorySamples)) elements of each aggregate (--memory-samples): its sizes are estimates.\n"
        }
        if let fallback = report.methodFallback { text += "Note: \(fallback).\n" }
        if let nodes = report.nodes {
            text += "A cluster of \(nodes.count) masters, each scanned on its own; memory above is the sum of their INFO.\n"
            var table = TextTable(["master", "DBSIZE", "keys seen", "MEMORY USAGE", "used_memory"])
            for node in nodes {
                table.add([
                    node.node, Format.grouped(node.dbsize), Format.grouped(node.keysScanned), Format.bytes(node.bytes),
                    Format.bytes(node.usedMemory),
                ])
            }
            text += table.render(style: style) + "\n"
        }
        var types = TextTable(["type", "keys", "bytes", "share", "with TTL"])
        var chart = BarChart(title: "\nMemory by type")
        for row in report.byType {
            types.add([row.name, Format.grouped(row.keys), Format.bytes(row.bytes), Format.percent(row.share), Format.grouped(row.withTTL)])
            chart.add(row.name, Double(row.bytes), text: Format.bytes(row.bytes))
        }
        text += "\n" + types.render(style: style) + chart.render(style: style)
        var patterns = TextTable(
            ["pattern", "keys", "bytes", "share", "with TTL", "example"], alignments: [.left, .right, .right, .right, .right, .left])
        for row in report.byPattern {
            patterns.add([
                row.name, Format.grouped(row.keys), Format.bytes(row.bytes), Format.percent(row.share), Format.grouped(row.withTTL),
                row.example,
            ])
        }
        text += "\nMemory by key pattern\n" + patterns.render(style: style)
        var top = TextTable(["key", "type", "encoding", "bytes", "TTL"], alignments: [.left, .left, .left, .right, .right])
        for key in report.topKeys {
            top.add([
                key.key, key.type, key.encoding, Format.bytes(key.bytes),
                key.ttlMs < 0 ? "none" : "\(Format.grouped(Int(key.ttlMs / 1000)))s",
            ])
        }
        text += "\nThe \(report.topKeys.count) largest keys\n" + top.render(style: style)
        var encodings = TextTable(["type", "encoding", "keys"], alignments: [.left, .left, .right])
        for row in report.encodings { encodings.add([row.type, row.encoding, Format.grouped(row.keys)]) }
        text += "\nEncodings\n" + encodings.render(style: style)
        let doctor = report.doctor.split(whereSeparator: \.isNewline).map { "  " + $0 }.joined(separator: "\n")
        text += "\nMEMORY DOCTOR\n\(doctor)\n"
        text += Format.whatThisShows(AnalyzeExplanation.sentences(report), style: style)
        return text
    }

    static func patternsCSV(_ report: AnalyzeReport) -> String {
        var lines = ["pattern,keys,bytes,share,with_ttl,example"]
        for row in report.byPattern {
            lines.append(
                [
                    csvField(row.name), String(row.keys), String(row.bytes), ReportValue.double(row.share).json(), String(row.withTTL),
                    csvField(row.example),
                ]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A quoted CSV cell. One a spreadsheet would read as a formula (=, +, - or @ first)
    /// gets a `'` first: a key name is data, never a formula run on the reader's machine
    /// (CSV injection). Tab and CR, which some spreadsheets also heed, are already `\x09`
    /// and `\x0d` here (`KeyPattern.printable`).
    static func csvField(_ text: String) -> String {
        let formula = text.first.map { "=+-@".contains($0) } ?? false
        return "\"" + (formula ? "'" : "") + text.replacingAll("\"", with: "\"\"") + "\""
    }
}
