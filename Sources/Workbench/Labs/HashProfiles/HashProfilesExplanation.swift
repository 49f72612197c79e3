import Labs

/// "What this shows" for the hash-profiles lab, from its numbers.
enum HashProfilesExplanation {
    static func sentences(_ report: HashProfilesReport) -> [String] {
        var sentences: [String] = []
        let byLayout = Dictionary(report.layouts.map { ($0.layout, $0) }, uniquingKeysWith: { first, _ in first })
        if let smallest = report.layouts.min(by: { $0.bytesPerProfile < $1.bytesPerProfile }),
            let largest = report.layouts.max(by: { $0.bytesPerProfile < $1.bytesPerProfile }), smallest.layout != largest.layout
        {
            sentences.append("\(smallest.layout.rawValue) took \(Format.grouped(smallest.bytesPerProfile)) bytes a profile and \(largest.layout.rawValue) \(Format.grouped(largest.bytesPerProfile)): \(Format.number((Double(largest.bytesPerProfile) / Double(max(smallest.bytesPerProfile, 1)) * 10).rounded() / 10)) times as much.")
        }
        if let hash = byLayout[.hash], let json = byLayout[.json] {
            sentences.append("Reading one field took \(Format.grouped(hash.readFieldWireBytes)) bytes on the wire with HGET and \(Format.grouped(json.readFieldWireBytes)) with GET of the whole JSON; changing one took \(Format.grouped(hash.updateFieldWireBytes)) and \(Format.grouped(json.updateFieldWireBytes)).")
        }
        if let bucketed = byLayout[.bucketed] {
            sentences.append("Buckets put \(Format.count(report.thresholds.entries / 4, "profile")) in each \(bucketed.encoding) hash; a TTL then costs \(Format.number(bucketed.ttlOverheadBytes)) bytes a profile, but can only expire a whole bucket.")
        }
        if let cliff = report.cliff {
            sentences.append("One byte past hash-max-listpack-value turned \(cliff.valueAtLimit.encoding) into \(cliff.valueOverLimit.encoding) and \(Format.grouped(cliff.valueAtLimit.bytes)) bytes into \(Format.grouped(cliff.valueOverLimit.bytes)).")
        }
        if let lost = report.lostUpdates {
            sentences.append("Of \(Format.grouped(lost.clients * lost.updatesPerClient)) increments, JSON read-modify-write lost \(Format.grouped(lost.jsonRmw.lost)); HINCRBY lost \(lost.hincrby.lost), the Lua script \(lost.lua.lost), and WATCH/MULTI \(lost.watchMulti.lost) at the price of \(Format.count(lost.watchMulti.retries, "retry", plural: "retries")).")
        }
        return sentences
    }
}
