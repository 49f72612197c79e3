import RESP
import RedisClient
import Synchronization

/// Server settings a lab changes, each read (CONFIG GET) before its first change, and put
/// back with `restore()` on every way out: the end, an error, Ctrl-C.
public final class ConfigGuard: Sendable {
    private let redis: any RedisCommandSender
    private let originals = Mutex<[(name: String, value: String)]>([])

    public init(redis: any RedisCommandSender) {
        self.redis = redis
    }

    /// The setting's value now.
    public func value(_ name: String) async throws -> String {
        let reply = try await redis.call("CONFIG", "GET", name)
        let value = reply.elements.flatMap { $0.count == 2 ? $0[1].string : nil }
            ?? { if case .map(let pairs) = reply { return pairs.first?.value.string }; return nil }()
        guard let value else { throw LabError("CONFIG GET \(name) answered \(reply)") }
        return value
    }

    /// Sets a setting, remembering what it was the first time.
    public func set(_ name: String, _ value: String) async throws {
        if !originals.withLock({ $0.contains { $0.name == name } }) {
            let original = try await self.value(name)
            originals.withLock { $0.append((name, original)) }
        }
        try await redis.call("CONFIG", "SET", name, value)
    }

    /// Puts every changed setting back, last changed first. Throws, naming each setting it
    /// could not restore, if the server cannot be reached.
    public func restore() async throws {
        let changed = originals.withLock { $0 }
        var failed: [String] = []
        for (name, value) in changed.reversed() {
            do {
                try await redis.call("CONFIG", "SET", name, value)
            } catch {
                failed.append("\(name) \(value) (\(error))")
            }
        }
        originals.withLock { state in state.removeAll { entry in !failed.contains { $0.hasPrefix(entry.name + " ") } } }
        if !failed.isEmpty { throw LabError("could not restore \(failed.joined(separator: ", ")): set them back by hand") }
    }
}
