import RESP
import RedisClient
import Synchronization

/// The app servers of one touch variant: each user's requests go to server `user % servers`,
/// on that server's connection, and every figure comes from the replies.
final class SessionApp: Sendable {
    let touch: SessionTouch
    let keys: [String]
    let ttlMs: Int
    private let connections: [any LabConnection]
    /// The same connections seen through a log of their own that only the touches go
    /// through: commands per touch are counted there.
    private let touchConnections: [any LabConnection]
    let touchLog: CommandLog
    private let counts = Mutex(SessionCounts())

    init(touch: SessionTouch, keys: [String], ttlMs: Int, connections: [any LabConnection]) {
        self.touch = touch
        self.keys = keys
        self.ttlMs = ttlMs
        self.connections = connections
        let log = CommandLog()
        touchLog = log
        touchConnections = connections.map { LoggedSender($0, log: log) }
    }

    var tallies: SessionCounts { counts.withLock { $0 } }

    func close() async {
        for connection in connections { await connection.close() }
    }

    /// One round of every user's intent, the servers side by side, each server's users in
    /// order.
    func run(round: Int, intents: [SessionIntent], fields: [[String]]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for server in connections.indices {
                group.addTask {
                    for user in stride(from: server, to: intents.count, by: self.connections.count) {
                        try await self.handle(intents[user], user: user, round: round, fields: fields[user], server: server)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func handle(_ intent: SessionIntent, user: Int, round: Int, fields: [String], server: Int) async throws {
        let key = keys[user]
        let connection = connections[server]
        switch intent {
        case .idle:
            return
        case .request, .slowRequest:
            let session = try await read(key, on: connection)
            guard !session.isEmpty else {
                try await login(key, fields: fields, round: round, on: connection)
                return
            }
            // The app only checks that a session came back: a zombie passes.
            if session["user_id"] == nil { counts.withLock { $0.zombieReads += 1 } }
            if intent == .request { try await touchAndCount(key, round: round, server: server) }
        case .finishSlow:
            try await touchAndCount(key, round: round, server: server)
        case .logout:
            let deleted = try await connection.call("DEL", key)
            if deleted.int == 1 { counts.withLock { $0.logouts += 1 } }
        }
    }

    private func touchAndCount(_ key: String, round: Int, server: Int) async throws {
        let outcome = try await touch.touch(key, round: round, ttlMs: ttlMs, on: touchConnections[server])
        counts.withLock {
            $0.touches += 1
            if !outcome.found { $0.expiredInUse += 1 }
            if outcome.createdZombie { $0.zombiesCreated += 1 }
        }
    }

    /// HGETALL as field → value (RESP2's flat array or RESP3's map).
    private func read(_ key: String, on connection: some LabConnection) async throws -> [String: String] {
        let reply = try await connection.call("HGETALL", key)
        counts.withLock { $0.reads += 1 }
        var session: [String: String] = [:]
        if case .map(let pairs) = reply.withoutAttributes {
            for pair in pairs { if let field = pair.key.string { session[field] = pair.value.string ?? "" } }
            return session
        }
        guard let items = reply.elements, items.count % 2 == 0 else { throw LabError("HGETALL \(key) answered \(reply)") }
        for index in stride(from: 0, to: items.count, by: 2) {
            if let field = items[index].string { session[field] = items[index + 1].string ?? "" }
        }
        return session
    }

    /// A whole session written and given its TTL in one transaction, the same for every
    /// variant.
    private func login(_ key: String, fields: [String], round: Int, on connection: some LabConnection) async throws {
        // Stamped with the round: a session created or seen later holds a later round.
        let stamped = fields.enumerated().map { index, value in
            index % 2 == 1 && ["created", "last_seen"].contains(fields[index - 1]) ? String(round) : value
        }
        let replies = try await connection.pipeline([
            RedisCommand("MULTI"), RedisCommand(["HSET", key] + stamped), RedisCommand("PEXPIRE", key, String(ttlMs)),
            RedisCommand("EXEC"),
        ])
        guard replies.last?.elements != nil else { throw LabError("the login transaction answered \(replies)") }
        counts.withLock { $0.logins += 1 }
    }

    /// Sessions on the server now, and how many of them are zombies (no user_id): EXISTS and
    /// HEXISTS for every user's key in one pipeline.
    func census(on connection: some LabConnection) async throws -> (alive: Int, zombies: Int) {
        let replies = try await connection.pipeline(keys.flatMap { [RedisCommand("EXISTS", $0), RedisCommand("HEXISTS", $0, "user_id")] })
        var alive = 0
        var zombies = 0
        for index in stride(from: 0, to: replies.count - 1, by: 2) {
            guard let exists = replies[index].int, let user = replies[index + 1].int else {
                throw LabError("EXISTS/HEXISTS answered \(replies[index]), \(replies[index + 1])")
            }
            if exists == 1 { alive += 1 }
            if exists == 1 && user == 0 { zombies += 1 }
        }
        return (alive, zombies)
    }
}

/// What one variant's app servers counted from their replies.
struct SessionCounts: Sendable {
    var reads = 0
    var logins = 0
    var touches = 0
    var expiredInUse = 0
    var zombiesCreated = 0
    var zombieReads = 0
    var logouts = 0
}
