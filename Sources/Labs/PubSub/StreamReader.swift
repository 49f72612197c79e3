import RESP
import RedisClient
import Synchronization

/// The fix for what pub/sub drops: the same messages XADDed to a stream, read with XREAD
/// from the last entry ID the reader saw. Its offset survives a disconnection, so it
/// resumes where it stopped.
final class StreamReader: Sendable {
    let stream: String
    let tally = SubscriberTally()
    private let offset = Mutex<(id: String, sequence: Int)>(("0-0", 0))

    init(stream: String) {
        self.stream = stream
    }

    /// The last entry read: its ID and its message's sequence number.
    var position: (id: String, sequence: Int) { offset.withLock { $0 } }

    /// XREAD from the offset until the stream has nothing newer; returns the entries read.
    @discardableResult
    func catchUp(on connection: some LabConnection) async throws -> Int {
        var read = 0
        while true {
            let reply = try await connection.call("XREAD", "COUNT", "500", "STREAMS", stream, position.id)
            let entries = try Self.entries(reply)
            guard !entries.isEmpty else { return read }
            for entry in entries {
                tally.record(entry.sequence)
                offset.withLock { $0 = (entry.id, entry.sequence) }
            }
            read += entries.count
        }
    }

    /// XREAD's entries for one stream: RESP2 `[[key, [[id, [field, value]], …]]]`, RESP3 a
    /// map; null when there is nothing newer.
    static func entries(_ reply: RESPValue) throws -> [(id: String, sequence: Int)] {
        let list: RESPValue
        switch reply.withoutAttributes {
        case .null: return []
        case .map(let pairs): list = pairs.first?.value ?? .null
        default:
            guard let stream = reply.elements?.first?.elements, stream.count == 2 else { throw LabError("XREAD answered \(reply)") }
            list = stream[1]
        }
        return try (list.elements ?? []).map { entry in
            guard let parts = entry.elements, parts.count == 2, let id = parts[0].string, let fields = parts[1].elements,
                let payload = fields.last?.string, let sequence = SubscriberTally.sequence(inPayload: payload)
            else { throw LabError("a stream entry read as \(entry)") }
            return (id, sequence)
        }
    }
}
