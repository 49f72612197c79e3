import RESP
import RedisClient

/// One message as a consumer received it: the producer's id and what acknowledging it
/// needs (the list item for LREM, the entry id for XACK).
struct Delivery: Sendable {
    var id: Int
    var handle: String
}

/// The commands of each design, on a connection the caller owns.
struct QueueCommands: Sendable {
    let design: QueueDesign
    /// The queue: a list, or a stream.
    let source: String
    let keys: KeySpace
    let blockMs: Int
    static let group = "workers"

    init(design: QueueDesign, keys: KeySpace, blockMs: Int) {
        self.design = design
        self.keys = keys
        self.blockMs = blockMs
        // One hash tag: BLMOVE and the recovery's LMOVE name the queue and a processing list
        // together, so on a cluster they must share a slot.
        source = keys.key(design.rawValue, tag: design.rawValue)
    }

    /// The consumer's own processing list (lmove).
    func processing(_ consumer: String) -> String {
        keys.key(design.rawValue, "processing", consumer, tag: design.rawValue)
    }

    /// The group, created before the producer starts so that it sees every entry.
    func setUp(_ redis: some LabConnection) async throws {
        guard design == .stream else { return }
        try await redis.call("XGROUP", "CREATE", source, Self.group, "0", "MKSTREAM")
    }

    func produce(_ id: Int) -> RedisCommand {
        design == .stream ? RedisCommand(["XADD", source, "*", "id", String(id)]) : RedisCommand(["LPUSH", source, String(id)])
    }

    private var blockSeconds: String { String(Double(blockMs) / 1000) }

    /// One blocking read; nil when the block time passed with nothing to take.
    func receive(_ connection: some LabConnection, consumer: String) async throws -> Delivery? {
        switch design {
        case .brpop:
            let reply = try await connection.call("BRPOP", source, blockSeconds)
            guard let item = reply.elements?.last?.string else { return nil }
            return try Self.delivery(item, handle: item)
        case .lmove:
            let reply = try await connection.call("BLMOVE", source, processing(consumer), "RIGHT", "LEFT", blockSeconds)
            guard let item = reply.string else { return nil }
            return try Self.delivery(item, handle: item)
        case .stream:
            let reply = try await connection.call(
                "XREADGROUP", "GROUP", Self.group, consumer, "COUNT", "1", "BLOCK", String(blockMs), "STREAMS", source, ">")
            return try Self.entries(inRead: reply).first
        }
    }

    /// LREM from the consumer's processing list, or XACK; nothing for BRPOP, which has
    /// already removed the message. Returns the commands sent.
    func acknowledge(_ delivery: Delivery, on connection: some LabConnection, consumer: String) async throws -> Int {
        switch design {
        case .brpop: return 0
        case .lmove: try await connection.call("LREM", processing(consumer), "1", delivery.handle)
        case .stream: try await connection.call("XACK", source, Self.group, delivery.handle)
        }
        return 1
    }

    static func delivery(_ item: String, handle: String) throws -> Delivery {
        guard let id = Int(item) else { throw LabError("the queue held '\(item)', not a message id") }
        return Delivery(id: id, handle: handle)
    }

    /// The entries of XREADGROUP's reply for one stream: RESP2 `[[key, entries]]`, RESP3
    /// `{key: entries}`, nil (null) when the block ran out.
    static func entries(inRead reply: RESPValue) throws -> [Delivery] {
        switch reply.withoutAttributes {
        case .null: return []
        case .map(let pairs): return try entries(pairs.first?.value ?? .null)
        default:
            guard let stream = reply.elements?.first?.elements, stream.count == 2 else {
                throw LabError("XREADGROUP answered \(reply)")
            }
            return try entries(stream[1])
        }
    }

    /// `[[entry id, [field, value, …]], …]`; an entry deleted while pending comes back with
    /// nil fields (6.2's XAUTOCLAIM) and is skipped.
    static func entries(_ list: RESPValue) throws -> [Delivery] {
        guard let items = list.elements else { return [] }
        return try items.compactMap { entry in
            guard let parts = entry.elements, parts.count == 2, let entryID = parts[0].string else {
                throw LabError("a stream entry read as \(entry)")
            }
            guard let fields = parts[1].elements else { return nil }
            guard fields.count == 2, let item = fields[1].string else { throw LabError("stream entry \(entryID) holds \(parts[1])") }
            return try delivery(item, handle: entryID)
        }
    }
}
