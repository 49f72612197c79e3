import KVServer
import RedisClient
import Synchronization

/// `rwb kv serve`'s endpoint run inside the lab, on a free loopback port with a token of its
/// own, until the lab ends.
struct LabEndpoint: Sendable {
    let client: RESTLabClient
    private let task: Task<String, any Error>

    static func start(in options: ConnectionOptions) async throws -> LabEndpoint {
        var generator = SystemRandomNumberGenerator()
        // Always 64 hex digits: the token travels in every request, whose bytes the lab counts.
        let token = (0..<4).map { _ in
            let digits = String(generator.next(), radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
        let settings = KVEndpointSettings(
            host: "127.0.0.1", port: 0, token: token, readOnlyToken: nil, maxBodyBytes: 1 << 20, maxBatch: 100, connections: 1, tls: nil)
        let listening = Latch()
        let port = Mutex<Int?>(nil)
        let task = Task {
            try await KVServe.run(settings, redis: options, grace: .milliseconds(200)) { listeningOn in
                port.withLock { $0 = listeningOn.port }
                listening.open()
            }
        }
        let watcher = Task {
            _ = await task.result
            listening.open()
        }
        await listening.wait()
        watcher.cancel()
        guard let bound = port.withLock({ $0 }) else {
            if case .failure(let error) = await task.result { throw LabError("the REST endpoint did not start: \(error)") }
            throw LabError("the REST endpoint stopped at once")
        }
        return LabEndpoint(client: RESTLabClient(host: "127.0.0.1", port: bound, token: token), task: task)
    }

    /// Stops it and waits until it has (its connections to Redis closed).
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
