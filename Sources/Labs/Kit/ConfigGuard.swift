import RESP
import RedisClient
import Synchronization

/// Server settings a lab changes, each read (CONFIG GET) before its first change, and put
/// back with `restore()` on every way out: the end, an error, Ctrl-C, a lost connection.
public final class ConfigGuard: Sendable {
    private let redis: any RedisCommandSender
    private let reconnect: @Sendable () async throws -> any LabConnection
    private let clock: any WorkClock
    private let patience: Duration
    private let originals = Mutex<[(name: String, value: String)]>([])

    /// Made by the lab runner, for a lab that declared `changesConfig` and may change this
    /// server (it is `context.config`). `patience`: how long `restore()` keeps trying new
    /// connections when the server has gone away, so that settings come back if it returns
    /// meanwhile.
    package init(
        redis: any RedisCommandSender, reconnect: @escaping @Sendable () async throws -> any LabConnection, clock: any WorkClock,
        patience: Duration = .seconds(10)
    ) {
        self.redis = redis
        self.reconnect = reconnect
        self.clock = clock
        self.patience = patience
    }

    /// The setting's value now.
    public func value(_ name: String) async throws -> String {
        let reply = try await redis.call("CONFIG", "GET", name)
        let value =
            reply.elements.flatMap { $0.count == 2 ? $0[1].string : nil }
            ?? {
                if case .map(let pairs) = reply { return pairs.first?.value.string }
                return nil
            }()
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

    /// Puts every changed setting back, last changed first: on the lab's connection, or if
    /// that is gone on new ones, tried until `patience` runs out. Throws, naming each setting
    /// it could not restore. Runs to the end even when the calling task is cancelled: Ctrl-C
    /// is when restoring matters most.
    public func restore() async throws {
        let changed = originals.withLock { $0 }
        guard !changed.isEmpty else { return }
        let failed = await Task { await self.restoreEach(changed.reversed()) }.value
        originals.withLock { state in state.removeAll { entry in !failed.contains { $0.name == entry.name } } }
        if !failed.isEmpty {
            let list = failed.map { "\($0.name) \($0.value) (\($0.error))" }.joined(separator: ", ")
            throw LabError("could not restore \(list): set them back by hand")
        }
    }

    private func restoreEach(_ settings: [(name: String, value: String)]) async -> [(name: String, value: String, error: String)] {
        var sender: any RedisCommandSender = redis
        var fresh: (any LabConnection)?
        defer { if let fresh { Task { await fresh.close() } } }
        let deadline = clock.now + patience
        var failed: [(name: String, value: String, error: String)] = []
        for (name, value) in settings {
            while true {
                do {
                    try await sender.call("CONFIG", "SET", name, value)
                    break
                } catch {
                    // A reply (an error from the server) will not change by asking again.
                    if error is RedisServerError || clock.now >= deadline {
                        failed.append((name, value, "\(error)"))
                        break
                    }
                    try? await clock.sleep(for: .milliseconds(250))
                    if let connection = try? await reconnect() {
                        if let fresh { await fresh.close() }
                        fresh = connection
                        sender = connection
                    }
                }
            }
        }
        return failed
    }
}
