import RESP
import RedisClient

/// Where a lab's keys live: `<prefix>lab:<name>:…`. Every key a lab writes is made here, so
/// the runner can remove them all (and nothing else) with one SCAN MATCH over the prefix.
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

    public var prefixBytes: [UInt8] { Array(prefix.utf8) }

    /// Keys under the prefix now.
    public func count(using sender: some RedisCommandSender) async throws -> Int {
        try await KeyCleaner.count(under: prefixBytes, using: sender)
    }

    /// Removes every key under the prefix; returns how many.
    @discardableResult
    public func removeAll(using sender: some RedisCommandSender) async throws -> Int {
        try await KeyCleaner.unlinkAll(under: prefixBytes, using: sender)
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "-" : $0 })
    }
}
