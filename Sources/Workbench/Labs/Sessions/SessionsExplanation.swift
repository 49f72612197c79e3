import Labs

/// "What this shows" for the sessions lab, from its numbers: each claim only when they bear
/// it out.
enum SessionsExplanation {
    static func sentences(_ report: SessionsReport) -> [String] {
        var sentences: [String] = []
        if let agreement = agreementSentence(report) { sentences.append(agreement) }
        sentences += raceSentences(report)
        if let commands = commandsSentence(report.touches) { sentences.append(commands) }
        if let memory = memorySentence(report.memory) { sentences.append(memory) }
        return sentences
    }

    static func agreementSentence(_ report: SessionsReport) -> String? {
        guard !report.touches.isEmpty else { return nil }
        let exact = report.touches.filter { $0.roundsOffModel == 0 }.map(\.touch.rawValue)
        let off = report.touches.filter { $0.roundsOffModel > 0 }.map {
            "\($0.touch.rawValue) in \($0.roundsOffModel) of \($0.alive.count)"
        }
        var parts: [String] = []
        if !exact.isEmpty { parts.append("\(Format.list(exact)) matched the model's answer in every round") }
        if !off.isEmpty { parts.append("the server's count differed from the model's for \(Format.list(off)) rounds") }
        var sentence = "Live sessions at the start of each round: " + parts.joined(separator: "; ") + "."
        if report.lateRounds > 0 {
            sentence +=
                " \(Format.count(report.lateRounds, "pair")) of consecutive rounds took a TTL or more from first request to last on this machine, "
                + "so a session could expire between two touches there by slowness, not by the schedule: a longer --ttl gives the requests more room."
        }
        return sentence
    }

    static func raceSentences(_ report: SessionsReport) -> [String] {
        let raced = report.model.expiredInUse
        guard raced > 0 else {
            return ["No slow request's session expired under it here, so no touch raced an expiry."]
        }
        var sentences: [String] = []
        let careful = report.touches.filter { $0.touch != .multi && $0.zombiesCreated == 0 }
        if !careful.isEmpty {
            let counts = careful.map { "\($0.touch.rawValue) \(Format.count($0.expiredInUse, "time"))" }
            sentences.append(
                "\(Format.count(raced, "slow request")) read a live session and touched it after its TTL had run out: "
                    + "the touch answered 0 (session gone) for \(Format.list(counts)), creating nothing.")
        }
        if let multi = report.touches.first(where: { $0.touch == .multi }) {
            if multi.zombiesCreated > 0 {
                sentences.append(
                    "multi's HSET recreated \(Format.count(multi.zombiesCreated, "expired session")) as \(multi.zombiesCreated == 1 ? "a zombie" : "zombies") holding only last_seen, "
                        + "which the app then served \(Format.count(multi.zombieReads, "time")) as if someone were logged in.")
            } else {
                sentences.append("multi recreated no session here: its touches never met an expired key.")
            }
        }
        return sentences
    }

    static func commandsSentence(_ touches: [SessionTouchResult]) -> String? {
        let touched = touches.filter { $0.touches > 0 }
        guard !touched.isEmpty else { return nil }
        let costs = touched.map { "\($0.touch.rawValue) \(Format.number($0.commandsPerTouch))" }
        return
            "Commands per touch, counted: \(Format.list(costs)); MULTI and EXEC add two commands to the two writes, the script does both in one."
    }

    static func memorySentence(_ memory: SessionMemory) -> String? {
        guard memory.sessions > 0, memory.jsonBytes > 0 else { return nil }
        let hash = memory.hashBytesPerSession
        let json = memory.jsonBytesPerSession
        let comparison: String
        if hash < json {
            comparison = "the hash is \(Format.percent((json - hash) / json)) smaller"
        } else if hash > json {
            comparison = "the JSON string is \(Format.percent((hash - json) / hash)) smaller"
        } else {
            comparison = "the same"
        }
        return
            "A session took \(Format.number(hash)) bytes as a hash (\(memory.hashEncoding)) and \(Format.number(json)) as a JSON string: \(comparison), and only the hash lets a touch update last_seen alone."
    }
}
