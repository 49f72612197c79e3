import RESP
import RedisClient
import Synchronization

/// The connections to Redis that the endpoint's requests share: a few clients, each one
/// connection pipelining whatever requests reach it, taken in turn. (One connection
/// pipelines well, but every request on it then waits for one actor; a few spread that.)
/// A transaction is written as one pipeline, MULTI…EXEC, on one connection: nothing of
/// another request can come between, so it needs no connection of its own.
final class KVBackend: Sendable {
    private let clients: [RedisClient]
    private let next = Atomic<Int>(0)
    let options: ConnectionOptions

    init(options: ConnectionOptions, connections: Int) {
        var named = options
        named.clientName = "rwb-kv-serve"
        self.options = named
        clients = (0..<max(1, connections)).map { _ in RedisClient(named) }
    }

    private var client: RedisClient {
        clients[next.add(1, ordering: .relaxed).oldValue % clients.count]
    }

    func send(_ command: RedisCommand) async throws -> RESPValue {
        try await client.send(command)
    }

    func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        try await client.pipeline(commands)
    }

    /// The first connection answers (or the error why not): the endpoint says so at start.
    func check() async throws {
        _ = try await clients[0].send(["PING"])
    }

    func close() async {
        for client in clients { await client.close() }
    }
}
