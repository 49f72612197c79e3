import RESP
import RedisClient

/// `clients` real connections each add 1 to one profile's login counter
/// `updatesPerClient` times, four ways. The final counter, read back, says how many
/// updates were lost: read-modify-write of a JSON string loses them, the others cannot.
struct ConcurrentUpdates: Sendable {
    let lab: HashProfilesLab
    let store: ProfileStore
    let person: UserProfile
    let context: LabContext

    /// GET, decode, add one, encode, SET: atomic on the server, so no update can be lost.
    static let luaSource = """
        local profile = cjson.decode(redis.call('GET', KEYS[1]))
        profile.logins = profile.logins + 1
        redis.call('SET', KEYS[1], cjson.encode(profile))
        return profile.logins
        """

    enum Method: CaseIterable {
        case jsonReadModifyWrite, hincrby, watchMulti, lua
    }

    func run() async throws -> LostUpdates {
        let lua = LuaScript(Self.luaSource)
        try await lua.load(on: context.redis)
        var results: [Method: UpdateMethodResult] = [:]
        for method in Method.allCases {
            results[method] = try await measure(method, lua: lua)
        }
        guard let json = results[.jsonReadModifyWrite], let hincrby = results[.hincrby], let watch = results[.watchMulti],
            let script = results[.lua]
        else {
            throw LabError("an update method was not measured")
        }
        return LostUpdates(
            clients: lab.clients, updatesPerClient: lab.updatesPerClient, jsonRmw: json, hincrby: hincrby, watchMulti: watch, lua: script)
    }

    private func measure(_ method: Method, lua: LuaScript) async throws -> UpdateMethodResult {
        let key = context.keys.key("race", String(person.id))
        try await context.redis.call("UNLINK", key)
        if method == .hincrby {
            try await context.redis.call(RedisCommand(["HSET", key] + person.fields.flatMap { [$0.0, $0.1] } + ["logins", "0"]))
        } else {
            try await context.redis.call(RedisCommand(bytes: [Array("SET".utf8), Array(key.utf8), try person.json()]))
        }
        let connections = try await context.connections(lab.clients)
        defer { Task { for connection in connections { await connection.close() } } }
        let commandsBefore = context.commands.total
        let retries = try await withThrowingTaskGroup(of: Int.self) { group in
            for connection in connections {
                group.addTask { [self] in
                    try await withTaskExecutorPreference(connection.taskExecutor) {
                        var retries = 0
                        for _ in 0..<lab.updatesPerClient {
                            try Task.checkCancellation()
                            retries += try await update(method, key: key, lua: lua, on: connection)
                        }
                        return retries
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        let commands = context.commands.total - commandsBefore
        let final: Int
        if method == .hincrby {
            final = Int(try await context.redis.call("HGET", key, "logins").int ?? 0)
        } else {
            guard case .bulkString(let bytes) = try await context.redis.call("GET", key) else {
                throw LabError("the race's profile is gone")
            }
            final = try UserProfile.decode(bytes.array).logins
        }
        try await context.redis.call("UNLINK", key)
        return UpdateMethodResult(lost: lab.clients * lab.updatesPerClient - final, retries: retries, finalValue: final, commands: commands)
    }

    /// One increment; returns how many times it had to start again (WATCH/MULTI only).
    private func update(_ method: Method, key: String, lua: LuaScript, on connection: any LabConnection) async throws -> Int {
        switch method {
        case .jsonReadModifyWrite:
            var profile = try await read(key, on: connection)
            profile.logins += 1
            try await connection.call(RedisCommand(bytes: [Array("SET".utf8), Array(key.utf8), try profile.json()]))
            return 0
        case .hincrby:
            try await connection.call("HINCRBY", key, "logins", "1")
            return 0
        case .lua:
            _ = try await lua.call(keys: [key], arguments: [], on: connection)
            return 0
        case .watchMulti:
            var retries = 0
            while true {
                try await connection.call("WATCH", key)
                var profile = try await read(key, on: connection)
                profile.logins += 1
                let replies = try await connection.pipeline([
                    RedisCommand("MULTI"), RedisCommand(bytes: [Array("SET".utf8), Array(key.utf8), try profile.json()]),
                    RedisCommand("EXEC"),
                ])
                // EXEC answers nil when the watched key changed: nothing was written.
                guard let exec = replies.last else { throw LabError("EXEC did not answer") }
                if let message = exec.errorMessage { throw RedisServerError(message) }
                if exec != .null { return retries }
                retries += 1
            }
        }
    }

    private func read(_ key: String, on connection: any LabConnection) async throws -> UserProfile {
        guard case .bulkString(let bytes) = try await connection.call("GET", key) else { throw LabError("the race's profile is gone") }
        return try UserProfile.decode(bytes.array)
    }
}
