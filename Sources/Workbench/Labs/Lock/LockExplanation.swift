import Labs

/// "What this shows" for the lock lab, from its numbers: each claim only when they bear it out.
enum LockExplanation {
    static func sentences(_ report: LockReport) -> [String] {
        var sentences: [String] = []
        func paused(_ variant: LockVariant) -> LockOutcome? { report.variants.first { $0.variant == variant }?.paused }
        if let del = paused(.delRelease) { sentences += delSentences(del) }
        if let token = paused(.tokenRelease) { sentences += tokenSentences(token) }
        if let fencing = paused(.fencing) { sentences.append(fencingSentence(fencing)) }
        if let control = controlSentence(report) { sentences.append(control) }
        return sentences
    }

    static func entries(_ count: Int) -> String { Format.count(count, "entry", plural: "entries") }

    /// "1 increment was lost", "3 increments were lost".
    static func lost(_ count: Int) -> String { "\(Format.count(count, "increment")) \(count == 1 ? "was" : "were") lost" }

    static func delSentences(_ outcome: LockOutcome) -> [String] {
        if outcome.wrongDeletions > 0 {
            return [
                "del-release: \(Format.count(outcome.wrongDeletions, "release")) by plain DEL deleted a lock another worker had taken after the releaser's lease expired in a pause; \(entries(outcome.violations)) found another worker inside, and \(lost(outcome.lostIncrements))."
            ]
        }
        if outcome.lockLostWhileHeld > 0 {
            return [
                "del-release: \(Format.count(outcome.lockLostWhileHeld, "holder")) lost the lock before releasing it, but no DEL landed while another worker held the lock here; \(entries(outcome.violations)) found another worker inside."
            ]
        }
        return []
    }

    static func tokenSentences(_ outcome: LockOutcome) -> [String] {
        var sentences: [String] = []
        if outcome.wrongDeletions == 0 && outcome.lockLostWhileHeld > 0 {
            sentences.append(
                "token-release deleted no other worker's lock: compare-and-delete found \(Format.count(outcome.lockLostWhileHeld, "lease")) expired under their holders and left the key alone."
            )
        }
        if outcome.violations > 0 {
            sentences.append(
                "But token-release still let \(entries(outcome.violations)) in while another holder was inside, when a lease expired during a pause (\(Format.count(outcome.lostIncrements, "increment")) lost): the release alone does not fix lease expiry."
            )
        } else if outcome.pauses > 0 {
            sentences.append("token-release had no two holders inside at once here, through \(Format.count(outcome.pauses, "pause")).")
        }
        return sentences
    }

    static func fencingSentence(_ outcome: LockOutcome) -> String {
        let refused = outcome.staleWritesRefused + outcome.staleReadsRefused
        if outcome.lostIncrements > 0 {
            return
                "With fencing tokens \(lost(outcome.lostIncrements)) all the same (\(Format.grouped(refused)) stale accesses refused)."
        }
        guard refused > 0 else {
            return "With fencing tokens no stale token reached the counter here, and no increment was lost."
        }
        let inside =
            outcome.violations > 0
            ? ", although \(entries(outcome.violations)) still found another holder inside: fencing protects the resource, not the critical section"
            : ""
        return
            "With fencing tokens (INCR at acquire) the counter's table refused \(Format.count(outcome.staleWritesRefused, "stale write")) and \(Format.count(outcome.staleReadsRefused, "stale read")), and the counter equals the \(Format.grouped(outcome.writesAccepted)) writes it accepted: 0 increments lost\(inside)."
    }

    static func controlSentence(_ report: LockReport) -> String? {
        guard !report.variants.isEmpty else { return nil }
        let failing = report.variants.filter { $0.control.violations > 0 || $0.control.lostIncrements > 0 }
        guard failing.isEmpty else {
            let list = failing.map {
                "\($0.variant.rawValue) \(Format.count($0.control.violations, "violation")), \(Format.count($0.control.lostIncrements, "lost increment"))"
            }
            return "Even without pauses: \(Format.list(list)) (a section outlived its lease on this machine)."
        }
        return
            "Without pauses (\(report.workMs) ms of work in a \(report.leaseMs) ms lease) every variant ran with 0 violations and 0 lost increments: the failures above come from leases expiring under their holders."
    }
}
