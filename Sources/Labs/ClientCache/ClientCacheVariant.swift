/// How a reader keeps values in its own process between it and Redis.
public enum ClientCacheVariant: String, CaseIterable, Codable, Sendable {
    /// No local cache: every read is a GET (plain cache-aside, Redis as the only cache).
    case none
    /// A local copy kept for a fixed time and never told of writes.
    case ttl
    /// CLIENT TRACKING ON: the server remembers the keys this connection read and pushes an
    /// `invalidate` for each when it changes (once: it then forgets the key until it is read
    /// again).
    case tracking
    /// CLIENT TRACKING ON BCAST PREFIX: the server pushes an `invalidate` for every change
    /// under the prefix, read or not, and remembers nothing per key.
    case bcast

    /// Whether the reader keeps values locally at all.
    var caches: Bool { self != .none }

    /// Whether the server tells the reader about writes.
    var tracks: Bool { self == .tracking || self == .bcast }
}
