import RESP

/// A `MOVED` or `ASK` error reply: the slot lives (for good, or during a migration) on
/// another node.
public struct Redirection: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// The slot has moved: update the map and send the command there.
        case moved = "MOVED"
        /// The slot is migrating: send `ASKING` then the command there, this once.
        case ask = "ASK"
    }

    public var kind: Kind
    public var slot: HashSlot
    /// Empty when the server did not know its own address (`MOVED 3999 :6381`): the host
    /// of the connection that answered, then.
    public var host: String
    public var port: Int

    /// Parses `MOVED 3999 127.0.0.1:6381`, `ASK 3999 [::1]:6381` or `ASK 3999 ::1:6381`;
    /// nil for any other error.
    public init?(_ message: String) {
        let words = message.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, let kind = Kind(rawValue: String(words[0])),
            let number = Int(words[1]), let slot = HashSlot(number),
            let colon = words[2].lastIndex(of: ":"), let port = Int(words[2][words[2].index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(words[2][..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.kind = kind
        self.slot = slot
        self.host = host
        self.port = port
    }

    /// The redirection an error reply carries, if it is one.
    public init?(_ reply: RESPValue) {
        guard let message = reply.errorMessage else { return nil }
        self.init(message)
    }

    /// `127.0.0.1:6381`, as redis-cli prints it.
    public var nodeName: String { ConnectionOptions.Address.tcp(host: host, port: port).description }
}
