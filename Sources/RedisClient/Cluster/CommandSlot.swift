import RESP
import RedisCommands

/// The one slot a command's keys hash to, from the catalog's key specifications.
public enum CommandSlot {
    /// Nil for a command without keys (it goes to whichever node the client is on, as with
    /// redis-cli). Throws `.crossSlot` when its keys hash to more than one slot: the server
    /// would refuse it, and in a pipeline it would be sent to the wrong node.
    public static func of(_ command: RedisCommand) throws(RedisClientError) -> HashSlot? {
        try of(command, keys: CommandKeys.keys(in: command))
    }

    /// The same, for a caller that has the command's keys (`CommandKeys.keys(in:)`) already.
    public static func of(_ command: RedisCommand, keys: [[UInt8]]) throws(RedisClientError) -> HashSlot? {
        guard let first = keys.first else { return nil }
        let slot = HashSlot(key: first)
        guard keys.dropFirst().contains(where: { HashSlot(key: $0) != slot }) else { return slot }
        throw crossSlot(command, keys: keys)
    }

    static func crossSlot(_ command: RedisCommand, keys: [[UInt8]]) -> RedisClientError {
        var seen: [HashSlot] = []
        var listed: [String] = []
        for key in keys {
            let slot = HashSlot(key: key)
            guard !seen.contains(slot) else { continue }
            seen.append(slot)
            listed.append("\(String(decoding: key, as: UTF8.self)) → slot \(slot)")
            if listed.count == 4 { break }
        }
        let more = Set(keys.map { HashSlot(key: $0) }).count > listed.count ? ", …" : ""
        let sample = keys.prefix(2).map { "{tag}" + String(decoding: $0, as: UTF8.self) }.joined(separator: " and ")
        return RedisClientError(
            .crossSlot,
            "CROSSSLOT, not sent: the keys of \(command.name) hash to different slots (\(listed.joined(separator: ", "))\(more)). "
                + "In a cluster one command may only use keys of one slot: give them a common hash tag, as \(sample).")
    }
}
