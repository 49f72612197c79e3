import Labs

/// "What this shows" for the leaderboard lab, from its numbers.
enum LeaderboardExplanation {
    static func sentences(_ report: LeaderboardReport) -> [String] {
        var sentences: [String] = []
        if let growth = growthSentence(report.growth) { sentences.append(growth) }
        if let cliff = report.cliff {
            if let at = cliff.entriesAtLimit {
                sentences.append(
                    cliffSentence("One member past zset-max-listpack-entries (\(Format.grouped(at.members)))", at, cliff.entriesOverLimit))
            }
            sentences.append(cliffSentence("One byte past zset-max-listpack-value", cliff.valueAtLimit, cliff.valueOverLimit))
        }
        let answers = report.operations.reduce(0) { $0 + $1.count }
        if answers > 0 {
            sentences.append(
                report.rankMismatches == 0
                    ? "All \(Format.grouped(answers)) answers on \(Format.grouped(report.operationsOn)) members (new scores, top 10s, ranks, pages) matched the in-process model, equal scores ordered by member bytes, descending."
                    : "\(Format.grouped(report.rankMismatches)) of \(Format.grouped(answers)) answers on \(Format.grouped(report.operationsOn)) members differed from the in-process model."
            )
        }
        if let ties = report.ties { sentences += tieSentences(ties) }
        if let periods = report.periods { sentences += periodSentences(periods) }
        return sentences
    }

    static func periodSentences(_ periods: PeriodReport) -> [String] {
        var sentences: [String] = []
        let union = "One ZUNIONSTORE of the 7 day keys built the week (\(Format.grouped(periods.weekMembers)) players)"
        if periods.weekTop10Mismatches == 0 && periods.weekMembers == periods.weekModelMembers {
            sentences.append("\(union), its top 10 exactly the model's.")
        } else {
            sentences.append(
                "\(union); the model counted \(Format.grouped(periods.weekModelMembers)) players, and \(Format.count(periods.weekTop10Mismatches, "place")) of the top 10 differ."
            )
        }
        if periods.top10InBoth < 10 {
            sentences.append(
                "The all-time key, fed the same points, shares only \(periods.top10InBoth) of the week's top 10, where \(periods.favouredInWeekTop10) are of the \(periods.favouredPerWeek) players that week favoured: it answers \"ever\", not \"this week\"."
            )
        } else {
            sentences.append("The all-time key's top 10 is the week's here: this workload does not tell the two apart.")
        }
        sentences.append(
            "\(periods.dayKeysWithTTL) of \(periods.days) day keys carry a TTL; the week's ranking took its 7 day keys (\(Format.grouped(periods.dayKeysBytes)) bytes) and the union (\(Format.grouped(periods.weekKeyBytes))), the all-time key \(Format.grouped(periods.allTimeKeyBytes)) bytes for \(Format.grouped(periods.allTimeMembers)) players."
        )
        return sentences
    }

    /// The smallest and largest bytes per member, and whether the encoding changed.
    static func growthSentence(_ growth: [GrowthStep]) -> String? {
        guard let first = growth.first, let last = growth.last, growth.count > 1 else { return nil }
        let encodings = growth.reduce(into: [String]()) { if !$0.contains($1.encoding) { $0.append($1.encoding) } }
        let held = encodings.count == 1 ? "stayed \(first.encoding)" : "went \(encodings.joined(separator: " → "))"
        return
            "From \(Format.grouped(first.members)) to \(Format.grouped(last.members)) members the set \(held), at \(Format.number(first.bytesPerMember)) and then \(Format.number(last.bytesPerMember)) bytes a member."
    }

    /// "Turned X into Y" only for what changed: the encoding, the bytes per member, or neither.
    static func cliffSentence(_ start: String, _ at: ZsetCliffSide, _ over: ZsetCliffSide) -> String {
        let bytes = "\(Format.number(at.bytesPerMember)) bytes a member into \(Format.number(over.bytesPerMember))"
        switch (at.encoding != over.encoding, at.bytesPerMember != over.bytesPerMember) {
        case (true, true): return "\(start) turned \(at.encoding) into \(over.encoding) and \(bytes)."
        case (true, false):
            return
                "\(start) turned \(at.encoding) into \(over.encoding); the size stayed \(Format.number(at.bytesPerMember)) bytes a member."
        case (false, true): return "\(start) left the encoding \(at.encoding) and turned \(bytes)."
        case (false, false):
            return "\(start) changed nothing here: \(at.encoding) and \(Format.number(at.bytesPerMember)) bytes a member either way."
        }
    }

    static func tieSentences(_ ties: TieOrder) -> [String] {
        var sentences: [String] = []
        let players = "\(ties.players) players tied at \(Format.grouped(ties.score))"
        if ties.plain.modelMismatches == 0 {
            sentences.append(
                ties.plain.outOfArrivalOrder > 0
                    ? "\(players) came back ordered by member bytes, descending, not by who got there first: \(ties.plain.outOfArrivalOrder) of \(ties.players) places differ from the arrival order."
                    : "\(players) came back ordered by member bytes, descending, which here happened to be the arrival order.")
        } else {
            sentences.append(
                "\(players) came back in an order that differs from member bytes, descending, in \(Format.count(ties.plain.modelMismatches, "place"))."
            )
        }
        let composite = ties.composite
        if composite.outOfArrivalOrder == 0 && composite.scoreDecodeErrors == 0 {
            sentences.append(
                "Stored as score × 2^\(ties.timeBits) + the milliseconds left in the period, they came back first come, first served, every score decoding exactly; that holds for scores up to \(Format.grouped(ties.maxExactScore)) (a double's 53 bits)."
            )
        } else {
            sentences.append(
                "Stored as score × 2^\(ties.timeBits) + the milliseconds left, \(Format.count(composite.outOfArrivalOrder, "place")) still out of arrival order and \(Format.count(composite.scoreDecodeErrors, "score")) decoded wrong."
            )
        }
        let over = ties.compositeOverBound
        if over.outOfArrivalOrder > 0 || over.scoreDecodeErrors > 0 {
            sentences.append(
                "At \(Format.grouped(over.score)), past that bound, the double rounded the time away: \(Format.count(over.outOfArrivalOrder, "place")) out of arrival order, \(Format.count(over.scoreDecodeErrors, "score")) decoded wrong."
            )
        } else {
            sentences.append(
                "At \(Format.grouped(over.score)), past that bound, these arrival times survived the rounding.")
        }
        return sentences
    }
}
