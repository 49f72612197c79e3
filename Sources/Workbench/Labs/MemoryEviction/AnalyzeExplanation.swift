import Labs

/// "What this shows" for `analyze`, from its numbers.
enum AnalyzeExplanation {
    static func sentences(_ report: AnalyzeReport) -> [String] {
        var sentences: [String] = []
        if let biggest = report.byPattern.first, report.byPattern.count > 1 {
            sentences.append("\(biggest.name) holds \(Format.percent(biggest.share)) of the bytes in \(Format.grouped(biggest.keys)) keys.")
        }
        if report.totalKeys > 0 {
            sentences.append("\(Format.percent(report.withoutTTL.share)) of the memory is in \(Format.grouped(report.withoutTTL.keys)) keys without a TTL: nothing expires them, only eviction (policy \(report.memory.maxmemoryPolicy)) or a delete.")
        }
        if report.memory.usedMemory < 10 << 20, report.memory.fragmentationRatio > 1.5 {
            sentences.append("The fragmentation ratio of \(Format.number(report.memory.fragmentationRatio)) means little on a dataset this small: the resident size is mostly the allocator's fixed overhead.")
        }
        return sentences
    }
}
