import RESP
import RedisClient

/// Where a lab's keys live: `<prefix>lab:<name>:…`. Every key a lab writes is made here, so
/// the runner can remove them all (and nothing else) with one SCAN MATCH over the prefix.
///
/// Keys that belong together (a product and its lock, a profile's field keys) carry a hash
/// tag (`…:product:{17}:lock`): on a cluster they then hash to one slot, so one command,
/// transaction or script may use them together.
public struct KeySpace: Sendable {
    public let prefix: String

    /// `ratelimit serve` keeps its keys under `…lab:ratelimit-serve:`.
    public init(workbenchPrefix: String, lab: String) {
        prefix = "\(workbenchPrefix)lab:\(lab.replacingSpaces()):"
    }

    /// `prefix` + the parts joined with `:`.
    public func key(_ parts: String...) -> String {
        prefix + parts.joined(separator: ":")
    }

    /// `prefix` + the parts joined with `:`, the last in braces: the key's hash slot is
    /// that part's, whatever is appended to the key later.
    public func key(_ parts: String..., tag: String) -> String {
        prefix + (parts + ["{\(tag)}"]).joined(separator: ":")
    }

    public var prefixBytes: [UInt8] { Array(prefix.utf8) }

    /// Keys under the prefix now (on every master of a cluster).
    public func count(using connection: some LabConnection) async throws -> Int {
        var found = 0
        for node in connection.clusterMasters ?? [connection] { found += try await KeyCleaner.count(under: prefixBytes, using: node) }
        return found
    }

    /// Removes every key under the prefix (on every master of a cluster, slot by slot);
    /// returns how many.
    @discardableResult
    public func removeAll(using connection: some LabConnection) async throws -> Int {
        guard let masters = connection.clusterMasters else { return try await KeyCleaner.unlinkAll(under: prefixBytes, using: connection) }
        var removed = 0
        for master in masters { removed += try await KeyCleaner.unlinkAll(under: prefixBytes, onClusterNode: master) }
        return removed
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "-" : $0 })
    }
}
