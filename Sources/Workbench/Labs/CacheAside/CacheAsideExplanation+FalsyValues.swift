import Labs

extension CacheAsideExplanation {
    /// `--missing-as undefined`: naive stored the fetcher's `undefined` as an empty string, and
    /// `if (cached)` read it as a miss. Said with the counts when such reads happened; when the
    /// values were cached but never read back, said so, so the sentence follows the numbers.
    static func falsyValues(_ report: CacheAsideReport) -> [String] {
        guard report.missingRow == .undefined, let naive = report.strategies["naive"],
            let falsy = naive.cachedValuesReadAsMisses
        else { return [] }
        if falsy > 0 {
            return [
                "naive's fetcher returned undefined for missing rows, which was cached as an empty string; if (cached) took it for a miss \(Format.count(falsy, "time")), and each of those reads queried the database (\(Format.grouped(naive.negativeLookupsToBackend)) lookups of missing rows in all): the cache held the answer and never gave it."
            ]
        }
        return [
            "naive's fetcher returned undefined for missing rows, but no read found the empty string it was cached as: no missing id was asked for twice within the TTL."
        ]
    }
}
