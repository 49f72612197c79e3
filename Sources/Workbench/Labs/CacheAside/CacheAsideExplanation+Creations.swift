import Labs

extension CacheAsideExplanation {
    /// `--create-ratio`: a product created under an id readers were told did not exist. A
    /// strategy that answered "not found" for a row that existed is named with its counts; one
    /// that never did is named too, so the sentence changes when the numbers do.
    static func creations(_ results: [CacheStrategyResult]) -> [String] {
        let creating = results.filter { $0.created > 0 }
        guard let created = creating.map(\.created).max() else { return [] }
        var sentences: [String] = []
        let hidden = creating.filter { $0.readsNotFoundAfterCreate > 0 }
        if !hidden.isEmpty {
            let parts = hidden.map {
                "\($0.strategy.rawValue) answered \"not found\" \(Format.count($0.readsNotFoundAfterCreate, "time")) for a row that existed, up to \(Format.grouped(Int($0.notFoundAfterCreateMs.rounded()))) ms after its creation"
            }
            sentences.append(
                "The clients created \(Format.count(created, "product")) under ids readers asked for; \(Format.list(parts)): a creation does nothing to the cache (the tutorial's create path has no cache code), so a cached \"not found\" lasts until its TTL."
            )
        }
        let seen = creating.filter { $0.readsNotFoundAfterCreate == 0 }.map(\.strategy.rawValue)
        if !seen.isEmpty {
            sentences.append(
                "\(Format.list(seen)) never answered \"not found\" for a row that existed (of \(Format.count(created, "product")) created)."
            )
        }
        return sentences
    }
}
